from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import SalesGovernanceCase

# Valid unified social credit codes (check digit included).
USCC_A = "91340100MA2N00001Q"


@tagged("post_install", "-at_install")
class TestMaintenanceAndCron(SalesGovernanceCase):
    """Maintenance restarts protection; the daily job warns, then marks stale or releases."""

    def test_quotation_by_owner_is_maintenance(self):
        """A quotation by the owner moves the last maintenance date."""
        with freeze_time("2026-03-01 10:00:00"):
            self.env["sale.order"].with_user(self.rep_a).create({"partner_id": self.customer_a.id})
        self.assertEqual(
            self.customer_a.last_maintenance_date,
            fields.Datetime.to_datetime("2026-03-01 10:00:00"),
        )
        self.assertEqual(self.customer_a.protection_end_date, fields.Date.to_date("2026-05-30"))

    def test_done_activity_by_owner_is_maintenance(self):
        """Marking an activity on the customer done counts as maintenance by its owner."""
        activity = self.customer_a.with_user(self.rep_a).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.rep_a.id
        )
        with freeze_time("2026-04-01 09:00:00"):
            activity.with_user(self.rep_a).action_done()
        self.assertEqual(
            self.customer_a.last_maintenance_date,
            fields.Datetime.to_datetime("2026-04-01 09:00:00"),
        )

    def test_customer_class_extends_protection(self):
        """A key customer class keeps protection for 180 days."""
        self.customer_a.customer_class_id = self.env.ref(
            "sales_governance.sales_customer_class_key"
        )
        self.customer_a.sudo().write({"last_maintenance_date": "2026-01-01 00:00:00"})
        self.assertEqual(self.customer_a.protection_end_date, fields.Date.to_date("2026-06-30"))

    def _age(self, partner, maintained):
        partner.write({"last_maintenance_date": maintained})

    def test_cron_warns_once_then_marks_stale_for_manager(self):
        """The owner is warned once before the end, then the manager gets the stale customer."""
        self._age(self.customer_a, "2026-01-01 00:00:00")  # protected until 2026-04-01
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "res.partner"), ("res_id", "=", self.customer_a.id)]
        with freeze_time("2026-03-27"):
            self.env["res.partner"]._cron_ownership()
            self.env["res.partner"]._cron_ownership()
        self.assertEqual(Activity.search(domain).user_id, self.rep_a)
        self.assertEqual(self.customer_a.ownership_state, "protected")
        with freeze_time("2026-04-02"):
            self.env["res.partner"]._cron_ownership()
            self.env["res.partner"]._cron_ownership()
        self.assertEqual(self.customer_a.ownership_state, "stale")
        self.assertEqual(self.customer_a.user_id, self.rep_a)
        self.assertEqual(Activity.search(domain).user_id, self.rep_a)
        manager_todo = Activity.search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.manager_a.partner_id.id)]
        )
        self.assertEqual(len(manager_todo), 1)
        self.assertEqual(manager_todo.user_id, self.manager_a)
        self.assertEqual(self.customer_a.ownership_log_ids.mapped("event"), ["stale"])
        # The set-based UPDATE leaves its trace in the customer's chatter, once.
        logged = self.customer_a.message_ids.filtered(lambda m: "Stale" in (m.body or ""))
        self.assertEqual(len(logged), 1)

    def test_cron_auto_release(self):
        """With automatic release, unmaintained customers and their contacts return to the pool."""
        self.env.company.auto_release = True
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer_a.id})
        self._age(self.customer_a, "2026-01-01 00:00:00")
        with freeze_time("2026-04-05"):
            self.env["res.partner"]._cron_ownership()
        self.assertEqual(self.customer_a.ownership_state, "pool")
        self.assertFalse(self.customer_a.user_id)
        self.assertEqual(contact.ownership_state, "pool")
        log = self.customer_a.ownership_log_ids
        self.assertEqual((log.event, log.old_user_id), ("auto_release", self.rep_a))

    def test_manager_keeps_or_reassigns_stale_customer(self):
        """The manager decides on a stale customer; another team's manager cannot."""
        self._age(self.customer_a, "2026-01-01 00:00:00")
        with freeze_time("2026-04-02"):
            self.env["res.partner"]._cron_ownership()
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.manager_b).action_keep_owner()
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.rep_a).action_keep_owner()
        wizard = (
            self.env["sales.customer.reassign"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_ids": [(6, 0, self.customer_a.ids)],
                    "user_id": self.rep_a2.id,
                    "reason": "三个月未维护",
                }
            )
        )
        wizard.action_reassign()
        self.assertEqual(self.customer_a.user_id, self.rep_a2)
        self.assertEqual(self.customer_a.ownership_state, "protected")
        self.assertEqual(self.lead_a.user_id, self.rep_a2)
        self.assertEqual(self.order_a.user_id, self.rep_a2)

    def test_reassign_outside_team_refused(self):
        """A manager cannot hand a customer to someone outside the teams they lead."""
        wizard = (
            self.env["sales.customer.reassign"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_ids": [(6, 0, self.customer_a.ids)],
                    "user_id": self.rep_b.id,
                    "reason": "x",
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_reassign()

    def test_archived_rep_hands_over(self):
        """Archiving a rep puts their customers in the manager's queue with their open documents."""
        self.rep_a.action_archive()
        self.assertEqual(self.customer_a.ownership_state, "stale")
        self.assertEqual(self.lead_a.user_id, self.manager_a)
        self.assertEqual(self.order_a.user_id, self.manager_a)
        self.assertEqual(self.customer_a.ownership_log_ids.event, "handover")
