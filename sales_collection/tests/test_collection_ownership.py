from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CollectionCase


@tagged("post_install", "-at_install")
class TestOwnershipWithOverdue(CollectionCase):
    """A customer owing long-overdue receipts changes hands only before the manager's eyes:
    the daily job holds it for the manager instead of releasing it, and the reassignment
    wizard shows the debt."""

    def _overdue_receipt(self, days):
        line = self._confirmed().collection_line_ids
        line.due_date = fields.Date.context_today(line) - timedelta(days=days)
        return line

    def _unmaintained(self, *partners):
        """Protection ended long ago (the daily job's concern), whatever the order did."""
        long_ago = fields.Datetime.now() - timedelta(days=400)
        for partner in partners:
            partner.sudo().write({"last_maintenance_date": long_ago})

    def _reassign_wizard(self, user, partner):
        return (
            self.env["sales.customer.reassign"]
            .with_user(user)
            .create({"partner_ids": partner.ids, "user_id": self.rep_a2.id, "reason": "handover"})
        )

    def test_auto_release_holds_long_overdue_customer(self):
        """Automatic release: the customer owing 20 days overdue waits for the manager
        (stale, owner kept), the one owing nothing goes to the pool."""
        self.env.company.auto_release = True
        self._overdue_receipt(20)
        self._unmaintained(self.customer_a, self.customer_a2)
        self.env["res.partner"]._cron_ownership()
        self.assertEqual(
            (self.customer_a.ownership_state, self.customer_a.user_id), ("stale", self.rep_a)
        )
        self.assertEqual(
            (self.customer_a2.ownership_state, self.customer_a2.user_id.id), ("pool", False)
        )
        self.assertEqual(self.customer_a.ownership_log_ids[:1].event, "stale")
        manager_todo = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.manager_a.partner_id.id)]
        )
        self.assertEqual(manager_todo.user_id, self.manager_a)

    def test_auto_release_of_recently_overdue_customer(self):
        """Receipts overdue less than the escalation days do not hold the customer."""
        self.env.company.auto_release = True
        self._overdue_receipt(5)
        self._unmaintained(self.customer_a)
        self.env["res.partner"]._cron_ownership()
        self.assertEqual(
            (self.customer_a.ownership_state, self.customer_a.user_id.id), ("pool", False)
        )

    def test_paid_receipts_do_not_hold(self):
        """A paid receipt, however old its due date, holds nobody."""
        self.env.company.auto_release = True
        line = self._overdue_receipt(20)
        line.sudo().write({"amount": 0.0})
        self.assertEqual(line.state, "paid")
        self._unmaintained(self.customer_a)
        self.env["res.partner"]._cron_ownership()
        self.assertEqual(self.customer_a.ownership_state, "pool")

    def test_reassign_wizard_shows_long_overdue(self):
        """The manager and the director see the overdue debt when handing the customer
        over; no warning for a customer owing nothing or only recently overdue."""
        self._overdue_receipt(20)
        for user in (self.manager_a, self.director):
            warning = self._reassign_wizard(user, self.customer_a).overdue_warning
            self.assertIn("Customer A", warning)
            self.assertIn("1 receipts", warning)
            self.assertIn("20 days", warning)
        self.assertFalse(self._reassign_wizard(self.manager_a, self.customer_a2).overdue_warning)

    def test_reassign_wizard_recent_overdue_no_warning(self):
        self._overdue_receipt(5)
        self.assertFalse(self._reassign_wizard(self.manager_a, self.customer_a).overdue_warning)

    def test_reassign_wizard_hidden_from_others(self):
        """The debt is shown to the owner's managers only: neither the rep nor another
        team's manager may open the wizard on the customer."""
        self._overdue_receipt(20)
        with self.assertRaises(AccessError):
            self._reassign_wizard(self.rep_a, self.customer_a)
        with self.assertRaises(AccessError):
            self._reassign_wizard(self.manager_b, self.customer_a)

    def test_manager_reassigns_long_overdue_customer(self):
        """The existing release rule stays: the manager hands the customer over, seeing
        the debt; the rep still cannot release it."""
        self._overdue_receipt(20)
        wizard = self._reassign_wizard(self.manager_a, self.customer_a)
        self.assertTrue(wizard.overdue_warning)
        wizard.action_reassign()
        self.assertEqual(self.customer_a.user_id, self.rep_a2)


@tagged("post_install", "-at_install")
class TestArchiveCredit(CollectionCase):
    """The credit limit is part of the customer archive's completeness."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Credit limits are accounting fields of the partner: the accountant sets them.
        cls.accountant = new_test_user(
            cls.env,
            "sg_accountant",
            "account.group_account_manager,base.group_partner_manager",
            name="Accountant",
        )
        cls.customer = cls._create_customer("Archive Credit", cls.rep_a)
        cls.label = cls.customer._fields["credit_limit"]._description_string(cls.env)

    def test_credit_limit_counts_in_completeness(self):
        """Setting a credit limit fills the archive further and leaves the missing list,
        as the owner reads it."""
        self.assertIn("credit_limit", self.customer._get_archive_fields())
        count = len(self.customer._get_archive_fields())
        before = self.customer.archive_completeness
        self.assertIn(self.label, self.customer.with_user(self.rep_a).archive_missing)
        self.customer.with_user(self.accountant).write({"credit_limit": 5000})
        self.assertEqual(self.customer.archive_completeness, before + round(100 / count))
        self.assertNotIn(self.label, self.customer.with_user(self.rep_a).archive_missing)

    def test_only_accounting_sets_the_limit(self):
        """Differential: the accountant sets the credit limit; the representative who owns the
        customer reads the gap in the archive but cannot fill it."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.rep_a).write({"credit_limit": 1000})
        self.assertIn(self.label, self.customer.with_user(self.rep_a).archive_missing)
        self.customer.with_user(self.accountant).write({"credit_limit": 1000})
        self.assertEqual(self.customer.sudo().credit_limit, 1000)
        self.assertNotIn(self.label, self.customer.with_user(self.rep_a).archive_missing)

    def test_other_rep_reads_no_archive(self):
        """Another team's representative reads neither the customer nor its gaps."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.rep_b).read(["archive_missing"])
        self.assertTrue(self.customer.with_user(self.rep_a).read(["archive_missing"]))
