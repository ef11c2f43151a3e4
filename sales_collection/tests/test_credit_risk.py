from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CollectionCase


@tagged("post_install", "-at_install")
class TestCreditRisk(CollectionCase):
    """Credit risk (信用风险) is a special-contract reason that finance reviews."""

    def test_within_limits_is_no_credit_risk(self):
        """An order within the customer's limit needs only the manager's sign-off."""
        order = self._contract()
        self.assertFalse(order.has_credit_risk)
        order.with_user(self.rep_a).request_validation()
        self.assertEqual(order.review_ids.definition_id, self.tier_manager)

    def test_over_limit_goes_to_finance(self):
        """The same order for a customer beyond their limit is special and reviewed by finance."""
        order = self._contract(customer=self.risky_a)
        self.assertTrue(order.has_credit_risk)
        self.assertTrue(order.is_special_contract)
        self.assertIn("Credit risk", order.special_reasons)
        order.invalidate_recordset(["special_reasons"])
        self.assertIn("信用", order.with_context(lang="zh_CN").special_reasons)
        order.with_user(self.rep_a).request_validation()
        self.assertIn(self.tier_credit, order.review_ids.definition_id)

    def test_over_limit_confirmed_only_after_finance(self):
        """The rep cannot confirm before finance approves, whatever the context says."""
        order = self._contract(customer=self.risky_a)
        order.with_user(self.rep_a).request_validation()
        self._review(order, self.manager_a)
        with self.assertRaises(ValidationError):
            order.with_user(self.rep_a).action_confirm()
        with self.assertRaises(ValidationError):
            order.with_user(self.rep_a).with_context(bypass_risk=True).action_confirm()
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        self._review(order, self.finance)
        result = order.with_user(self.rep_a).action_confirm()
        self.assertEqual(order.state, "sale")
        # OCA's "risk exceeded" dialog is not shown again once finance approved.
        self.assertNotEqual(
            isinstance(result, dict) and result.get("res_model"), "partner.risk.exceeded.wiz"
        )

    def test_only_finance_reviews_credit(self):
        """Neither the rep nor their manager can approve the credit review."""
        order = self._contract(customer=self.risky_a)
        order.with_user(self.rep_a).request_validation()
        self._review(order, self.manager_a)
        with self.assertRaises(UserError):
            order.with_user(self.manager_a).validate_tier()
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).validate_tier()
        self._review(order, self.finance)
        self.assertEqual(order.validation_status, "validated")

    def test_overdue_invoice_is_credit_risk(self):
        """An invoice overdue past the allowed days makes the customer's orders special."""
        self._overdue_invoice(self.customer_a, days_overdue=45)
        order = self._contract()
        self.assertTrue(order.has_credit_risk)
        self.assertFalse(order.credit_over_limit)
        self.assertEqual(order.credit_overdue_days, 45)
        self.assertIn("45", order.special_reasons)

    def test_overdue_within_allowed_days_is_no_risk(self):
        """The same overdue invoice is no credit risk when the company allows 60 days."""
        self.env.company.credit_overdue_days = 60
        self._overdue_invoice(self.customer_a, days_overdue=45)
        order = self._contract()
        self.assertFalse(order.has_credit_risk)

    def test_risk_arising_after_approval_blocks_confirmation(self):
        """Credit checked again on confirming: a limit lowered after the approvals needs finance."""
        order = self._contract()
        self._validated(order)
        self.customer_a.credit_limit = 500
        with self.assertRaises(ValidationError):
            order.with_user(self.rep_a).action_confirm()
        order._refresh_special_contract()
        self.assertIn(self.tier_credit, order._get_unapproved_tiers())

    def test_credit_figures_kept_after_confirmation(self):
        """A confirmed order keeps the credit figures finance approved."""
        order = self._contract(customer=self.risky_a)
        self._validated(order)
        order.with_user(self.rep_a).action_confirm()
        self.risky_a.credit_limit = 0
        order.order_line.price_unit = 900
        self.assertTrue(order.has_credit_risk)
        self.assertEqual(order.credit_limit_amount, 500)
