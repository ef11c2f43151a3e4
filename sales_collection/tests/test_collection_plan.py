from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CollectionCase


@tagged("post_install", "-at_install")
class TestCollectionPlan(CollectionCase):
    """Expected receipts from the payment term, then from the invoices."""

    def test_confirmed_order_plans_its_term(self):
        """A confirmed order on a split term plans one receipt an instalment."""
        order = self._confirmed(payment_term_id=self.term_split.id)
        lines = order.collection_line_ids.sorted("due_date")
        self.assertEqual(len(lines), 2)
        self.assertEqual(sum(lines.mapped("amount")), order.amount_total)
        start = fields.Date.to_date(order.date_order)
        self.assertEqual(lines.mapped("due_date"), [start, start + timedelta(days=20)])
        self.assertEqual(set(lines.mapped("state")), {"open"})
        self.assertEqual(lines.user_id, self.rep_a)
        self.assertEqual(lines.partner_id, self.customer_a)

    def test_quotation_has_no_plan(self):
        """Only confirmed orders plan receipts."""
        self.assertFalse(self._contract().collection_line_ids)

    def test_invoice_replaces_term_and_payment_closes(self):
        """Posting the invoice plans on its due date; paying it marks the receipt paid."""
        order = self._confirmed()
        invoice = self._invoice(order)
        line = order.collection_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.invoice_id, invoice)
        self.assertEqual(line.due_date, invoice.invoice_date_due)
        self._pay(invoice, amount=400)
        self.assertEqual(line.amount_received, 400)
        self.assertEqual(line.state, "open")
        self._pay(invoice)
        self.assertEqual(line.state, "paid")
        self.assertEqual(line.amount_residual, 0)

    def test_sync_is_idempotent(self):
        """Planning again keeps the same receipts."""
        order = self._confirmed(payment_term_id=self.term_split.id)
        before = order.collection_line_ids
        order._sync_collection_lines()
        self.assertEqual(order.collection_line_ids, before)

    def test_cancelled_order_drops_its_plan(self):
        """Cancelling the order removes its expected receipts."""
        order = self._confirmed()
        order.with_user(self.rep_a)._action_cancel()
        self.assertFalse(order.collection_line_ids)

    def test_who_sees_which_receipts(self):
        """Rep their own, manager their team's, director and finance all; nobody writes."""
        line = self._confirmed().collection_line_ids
        self.assertVisible(self.rep_a, line)
        self.assertVisible(self.manager_a, line)
        self.assertVisible(self.director, line)
        self.assertVisible(self.finance, line)
        Line = self.env["sales.collection.line"]
        self.assertFalse(Line.with_user(self.rep_a2).search([("id", "=", line.id)]))
        self.assertFalse(Line.with_user(self.manager_b).search([("id", "=", line.id)]))
        for user in (self.rep_a, self.manager_a, self.finance):
            with self.assertRaises(AccessError):
                line.with_user(user).write({"amount": 1})

    def test_aging_buckets(self):
        """Days overdue fall into the aging buckets of the pivot."""
        order = self._confirmed()
        line = order.collection_line_ids
        today = fields.Date.context_today(line)
        for days, bucket in (
            (-5, "not_due"),
            (10, "1_30"),
            (45, "31_60"),
            (75, "61_90"),
            (120, "90_plus"),
        ):
            line.due_date = today - timedelta(days=days)
            self.assertEqual(line.aging, bucket)
            self.assertEqual(line.is_overdue, days > 0)


@tagged("post_install", "-at_install")
class TestReleaseWithOverdue(CollectionCase):
    """Long-overdue receivables keep a customer out of the pool unless the manager decides."""

    def _overdue_receipt(self, days):
        line = self._confirmed().collection_line_ids
        line.due_date = fields.Date.context_today(line) - timedelta(days=days)
        return line

    def test_rep_cannot_release_long_overdue_customer(self):
        """The owner cannot release a customer owing receipts 20 days overdue; the manager can."""
        self._overdue_receipt(20)
        with self.assertRaises(UserError):
            self.customer_a.with_user(self.rep_a).action_release()
        self.customer_a.with_user(self.manager_a).action_release()
        self.assertFalse(self.customer_a.user_id)

    def test_rep_releases_customer_recently_overdue(self):
        """Receipts overdue less than the escalation days do not hold the customer."""
        self._overdue_receipt(5)
        self.customer_a.with_user(self.rep_a).action_release()
        self.assertFalse(self.customer_a.user_id)
