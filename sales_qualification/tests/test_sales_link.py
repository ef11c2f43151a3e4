from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestSalesLink(QualificationCase):
    """Sales link: orders rely on certificates valid long enough; bids request them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep2 = cls.env["res.users"].create(
            {
                "name": "Sales Rep 2",
                "login": "sq_rep2",
                "group_ids": [Command.set(cls.env.ref("sales_team.group_sale_salesman").ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Hefei Lighting", "is_company": True, "user_id": cls.rep.id}
        )
        cls.product = cls.env["product.product"].create({"name": "Street lamp project"})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Binhu tender",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.rep.id,
            }
        )

    def _order(self, qualification, **vals):
        return (
            self.env["sale.order"]
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.rep.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "qualification_id": qualification.id}
                        )
                    ],
                    **vals,
                }
            )
            .with_user(self.rep)
        )

    def _assert_refused(self, order, reason, confirm=None):
        """Confirming ``order`` is refused and it stays a quotation; the certificate check
        gives ``reason``. (With sales_governance installed, its own checks of the same
        confirmation may speak first: the certificate's reason is then checked directly.)"""
        with self.assertRaises(UserError):
            (confirm or order.action_confirm)()
        self.assertIn(order.state, ("draft", "sent"))
        with self.assertRaisesRegex(UserError, reason):
            order._check_qualification_validity()

    def test_confirm_refused_below_min_remaining_days(self):
        """An order is not confirmed on a certificate that lapses within 90 days."""
        short = self._create_qualification("Short", "SQ-0400", 60, state="valid")
        self._assert_refused(self._order(short), "Short")

    def test_state_write_meets_same_check(self):
        """Writing the confirmed state directly is refused on the same grounds."""
        short = self._create_qualification("Short", "SQ-0403", 60, state="valid")
        order = self._order(short)
        self._assert_refused(order, "Short", lambda: order.write({"state": "sale"}))
        with self.assertRaisesRegex(UserError, "Short"):
            order.sudo().write({"state": "sale"})

    def test_confirm_refused_before_required_date(self):
        """An order is not confirmed when the certificate lapses before the delivery date."""
        order = self._order(
            self.certificate, commitment_date=datetime(2031, 6, 1, 8, 0)
        )  # certificate expires 2031-04-05
        self._assert_refused(order, "2031")

    def test_confirm_refused_when_not_valid(self):
        """A suspended certificate blocks the confirmation."""
        order = self._order(self.certificate)
        self.certificate.with_user(self.manager).action_suspend()
        self._assert_refused(order, "Suspended")

    def test_check_passes_when_valid_long_enough(self):
        """A certificate valid for 400 more days lets the order through the check."""
        order = self._order(self.certificate)
        order._check_qualification_validity()
        self.assertEqual(order._get_qualification_required_date(), self.TODAY + timedelta(days=90))
        order.sudo().commitment_date = datetime(2030, 12, 1, 8, 0)
        order._check_qualification_validity()
        self.assertEqual(order._get_qualification_required_date(), date(2030, 12, 1))

    def test_min_remaining_days_from_settings(self):
        """The minimum remaining validity comes from the settings."""
        short = self._create_qualification("Short", "SQ-0401", 60, state="valid")
        order = self._order(short)
        self.company.qualification_min_remaining_days = 30
        order._check_qualification_validity()

    def test_opportunity_requests_certificates(self):
        """The rep asks for certificates from a bid: borrow requests in their name, sent."""
        other = self._create_qualification("Design B", "SQ-0402", 800, state="valid")
        wizard = (
            self.env["sales.qualification.request.wizard"]
            .with_user(self.rep)
            .create(
                {
                    "lead_id": self.lead.id,
                    "qualification_ids": [Command.set((self.certificate | other).ids)],
                    "purpose": "Bid documents",
                }
            )
        )
        wizard.action_confirm()
        borrows = self.lead.with_user(self.rep).qualification_borrow_ids
        self.assertEqual(borrows.qualification_id, self.certificate | other)
        self.assertEqual(set(borrows.mapped("state")), {"requested"})
        self.assertEqual(borrows.borrower_id, self.rep)
        self.assertEqual(self.lead.with_user(self.rep).qualification_borrow_count, 2)

    def test_foreign_opportunity_cannot_request(self):
        """A rep cannot request certificates on another rep's opportunity."""
        wizard = (
            self.env["sales.qualification.request.wizard"]
            .with_user(self.rep2)
            .create(
                {
                    "lead_id": self.lead.id,
                    "qualification_ids": [Command.set(self.certificate.ids)],
                    "purpose": "Not my bid",
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertFalse(self.lead.qualification_borrow_ids)
