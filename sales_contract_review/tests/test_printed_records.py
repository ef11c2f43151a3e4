from odoo.addons.sales_governance.tests.common import pdf_text
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_special_contract import SpecialContractCase

REPORT = "sales_contract_review.action_report_special_contract_review"


@tagged("post_install", "-at_install")
class TestSpecialContractReviewRecord(SpecialContractCase):
    """特殊合同评审表: the order, why it is special, every review, signature boxes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_zh_CN").active = True
        (cls.rep_a | cls.rep_b | cls.manager_a | cls.director).write({"lang": "zh_CN"})

    def test_record_lists_reasons_and_reviews(self):
        """The printed record names the special reasons and each tier's decision and comment."""
        order = self._contract(qty=150, discount=12)
        order.with_user(self.rep_a).request_validation()
        self._review(order, self.manager_a, comment="价格已与客户核对")
        self._review(order, self.director, comment="同意特价")
        text = pdf_text(self.rep_a, REPORT, order)
        self.assertIn("特殊合同评审表", text)
        self.assertIn(order.name, text)
        self.assertIn("Customer A", text)
        self.assertIn("12.0%", text)  # the discount reason
        for reviewer, comment in (
            (self.manager_a, "价格已与客户核对"),
            (self.director, "同意特价"),
        ):
            self.assertIn(reviewer.name, text)
            self.assertIn(comment, text)
        self.assertIn("签字", text)

    def test_unreviewed_order_prints_empty_review_table(self):
        """An order not yet sent for review says so."""
        text = pdf_text(self.rep_a, REPORT, self._contract())
        self.assertIn("尚未提交评审", text)

    def test_only_readers_print(self):
        """A rep cannot print another rep's order; that rep's manager can."""
        order = self._contract(user=self.rep_b, team=self.team_b, customer=self.customer_b)
        with self.assertRaises(AccessError):
            pdf_text(self.rep_a, REPORT, order)
        with self.assertRaises(AccessError):
            pdf_text(self.manager_a, REPORT, order)
        self.assertIn(order.name, pdf_text(self.manager_b, REPORT, order))
