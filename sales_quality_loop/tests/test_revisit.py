from datetime import timedelta

from odoo import Command, fields
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestRevisit(SalesGovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Revisit = cls.env["sales.revisit"]
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_a.id,
                "user_id": cls.rep_a.id,
                "team_id": cls.team_a.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 2}),
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 1}),
                    Command.create({"display_type": "line_note", "name": "注意"}),
                ],
            }
        )
        cls.order.sudo().write({"state": "sale"})

    def _deliver(self, line, qty):
        line.sudo().write({"qty_delivered": qty})

    def test_revisits_planned_when_fully_delivered(self):
        """Revisits at 30 and 90 days for the owner, with activities, once every line is
        delivered, and once per order."""
        line1, line2 = self.order.order_line.filtered(lambda line: not line.display_type)
        self._deliver(line1, 2)
        self.assertFalse(self.Revisit.search([("order_id", "=", self.order.id)]))
        self._deliver(line2, 1)
        revisits = self.Revisit.search([("order_id", "=", self.order.id)], order="offset_days")
        today = fields.Date.context_today(self.Revisit)
        self.assertEqual(revisits.mapped("revisit_type"), ["30", "90"])
        self.assertEqual(
            revisits.mapped("scheduled_date"), [today + timedelta(30), today + timedelta(90)]
        )
        self.assertEqual(revisits.user_id, self.rep_a)
        self.assertEqual(revisits.partner_id, self.customer_a)
        for revisit in revisits:
            self.assertEqual(revisit.activity_ids.user_id, self.rep_a)
            self.assertEqual(revisit.activity_ids.date_deadline, revisit.scheduled_date)
        # Delivering more, or again, plans nothing new.
        self._deliver(line2, 3)
        self.Revisit._plan_for_orders(self.order)
        self.assertEqual(self.Revisit.search_count([("order_id", "=", self.order.id)]), 2)

    def test_revisits_follow_company_offsets(self):
        """The company's offsets decide the revisits; other offsets are of type other."""
        self.env.company.revisit_offsets = "7, 30"
        self.order.order_line.filtered(lambda line: not line.display_type).sudo().write(
            {"qty_delivered": 5}
        )
        revisits = self.Revisit.search([("order_id", "=", self.order.id)], order="offset_days")
        self.assertEqual(revisits.mapped("offset_days"), [7, 30])
        self.assertEqual(revisits.mapped("revisit_type"), ["other", "30"])

    def test_bad_offsets_refused(self):
        """Offsets that are not positive whole days are refused clearly."""
        for value in ("30,abc", "-5", "0"):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.env.company.revisit_offsets = value

    def test_unconfirmed_order_not_planned(self):
        """A quotation delivered (services) plans nothing."""
        self.order_b.order_line.sudo().write({"qty_delivered": 1})
        self.assertFalse(self.Revisit.search([("order_id", "=", self.order_b.id)]))

    def test_compute_path_plans_before_commit(self):
        """A delivered quantity set by its compute (sale_stock, expenses) plans the revisits
        just before the commit, not inside the compute."""
        lines = self.order.order_line.filtered(lambda line: not line.display_type)
        self.env.flush_all()
        # As a picking would: the quantity arrives without a write() of the line.
        self.env.cr.execute(
            "UPDATE sale_order_line SET qty_delivered = product_uom_qty WHERE id IN %s",
            [tuple(lines.ids)],
        )
        lines.invalidate_recordset(["qty_delivered"])
        lines._compute_qty_delivered()
        self.assertFalse(self.Revisit.search([("order_id", "=", self.order.id)]))
        self.env.cr.flush()
        self.assertEqual(self.Revisit.search_count([("order_id", "=", self.order.id)]), 2)

    def _revisit(self, user=None, partner=None, rep=None):
        """A revisit planned by hand: by the manager, for the rep."""
        return self.Revisit.with_user(user or self.manager_a).create(
            {"partner_id": (partner or self.customer_a).id, "user_id": (rep or self.rep_a).id}
        )

    def test_done_needs_score(self):
        """Done without a score is refused; with one it is done and locked."""
        revisit = self._revisit()
        with self.assertRaises(UserError):
            revisit.with_user(self.rep_a).action_done()
        for score in (6, 0, -1, "abc", 10**12):
            with self.assertRaisesRegex(ValidationError, "from 1 to 5"):
                revisit.with_user(self.rep_a).write({"satisfaction": score})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            revisit.sudo().write({"satisfaction": -1})
        revisit.with_user(self.rep_a).write({"satisfaction": 4, "feedback": "满意"})
        revisit.with_user(self.rep_a).action_done()
        self.assertEqual(revisit.state, "done")
        self.assertEqual(revisit.done_date, fields.Date.context_today(revisit))
        self.assertFalse(revisit.complaint_id)
        with self.assertRaises(UserError):
            revisit.with_user(self.rep_a).write({"satisfaction": 5})
        with self.assertRaises(UserError):
            revisit.with_user(self.manager_a).write({"feedback": "edited"})

    def test_low_score_opens_complaint(self):
        """A score of 1 or 2 opens a complaint for the customer's owner."""
        revisit = self._revisit()
        revisit.with_user(self.rep_a).write({"satisfaction": 1, "feedback": "灯具损坏"})
        revisit.with_user(self.rep_a).action_done()
        complaint = revisit.complaint_id
        self.assertTrue(complaint)
        self.assertEqual(complaint.partner_id, self.customer_a)
        self.assertEqual(complaint.user_id, self.rep_a)
        self.assertEqual(complaint.severity, "high")
        self.assertEqual(complaint.description, "灯具损坏")
        self.assertEqual(complaint.state, "received")

    def test_state_and_outcome_not_forged(self):
        """RPC writes of the state, the done date or the complaint are refused."""
        revisit = self._revisit()
        for vals in ({"state": "done"}, {"done_date": "2026-01-01"}, {"user_id": self.rep_a2.id}):
            with self.assertRaises(AccessError):
                revisit.with_user(self.rep_a).write(vals)
        with self.assertRaises(AccessError):
            self.Revisit.with_user(self.manager_a).create(
                {"partner_id": self.customer_a.id, "user_id": self.rep_a.id, "state": "done"}
            )

    def test_who_may_record(self):
        """Another rep cannot record the revisit, nor the manager plan one on a protected
        customer of someone else, or for a rep who may not work on the customer; the manager
        of the owner may record it."""
        revisit = self._revisit()
        revisit.with_user(self.rep_a).write({"satisfaction": 5})
        with self.assertRaises(AccessError):
            revisit.with_user(self.rep_a2).action_done()
        with self.assertRaisesRegex(UserError, "Rep B"):
            self._revisit(self.manager_a, self.customer_b)
        with self.assertRaisesRegex(UserError, "Rep A"):
            self._revisit(self.manager_a, self.customer_a, self.rep_a2)
        revisit.with_user(self.manager_a).action_done()
        self.assertEqual(revisit.state, "done")

    def test_cancel(self):
        """The owner may cancel a planned revisit; a cancelled one is locked."""
        revisit = self._revisit()
        revisit.with_user(self.rep_a).action_cancel()
        self.assertEqual(revisit.state, "cancelled")
        with self.assertRaises(UserError):
            revisit.with_user(self.rep_a).action_done()

    def test_name_in_the_reader_language(self):
        """A revisit is named in the reader's language (a demo's or a planner's language
        does not stick), and found by its customer's name."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_quality_loop"], ["zh_CN"])
        revisit = self.Revisit.with_user(self.manager_a).create(
            {"partner_id": self.customer_a.id, "user_id": self.rep_a.id, "revisit_type": "30"}
        )
        self.assertEqual(revisit.with_context(lang="en_US").name, "Customer A - 30 Days")
        self.assertEqual(revisit.with_context(lang="zh_CN").name, "Customer A - 30 天")
        found = self.Revisit.with_user(self.rep_a).search([("name", "ilike", "Customer A")])
        self.assertIn(revisit, found)
