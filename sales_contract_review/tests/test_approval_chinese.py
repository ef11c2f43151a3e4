from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_special_contract import SpecialContractCase

ENGLISH = (
    "Request Validation",
    "Pending validation",
    "Review pending for",
    "Validation Status",
    "Next:",
    "Group ",
)


@tagged("post_install", "-at_install")
class TestApprovalInChinese(SpecialContractCase):
    """The approval screens a Chinese user sees are Chinese, the OCA engine's included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            [
                "base_tier_validation",
                "sale_tier_validation",
                "sales_governance_base",
                "sales_governance",
            ],
            ["zh_CN"],
        )
        (cls.rep_a | cls.manager_a | cls.director).write({"lang": "zh_CN"})

    def _as(self, user, order):
        return order.with_user(user).with_context(lang="zh_CN")

    def assertNoEnglish(self, text):
        for english in ENGLISH:
            self.assertNotIn(english, text)

    def test_order_form_buttons_are_chinese(self):
        """The buttons and labels the engine adds to the order form read in Chinese."""
        arch = self._as(self.manager_a, self.env["sale.order"]).get_view(view_type="form")["arch"]
        # the engine's get_view() hands the arch back as ASCII bytes with character references
        arch = etree.tostring(etree.fromstring(arch), encoding="unicode")
        for chinese in ("申请审批", "批准", "驳回"):
            self.assertIn(chinese, arch)
        self.assertNotIn('string="Request Validation"', arch)
        self.assertNotIn('string="Validate"', arch)
        fields = self._as(self.manager_a, self.env["sale.order"]).fields_get(["validation_status"])
        self.assertEqual(fields["validation_status"]["string"], "审批状态")
        labels = dict(fields["validation_status"]["selection"])
        self.assertEqual(labels["pending"], "待审批")

    def test_banner_and_chatter_are_chinese(self):
        """The waiting banner, the next step and the chatter say who must act, in Chinese."""
        order = self._contract(qty=150, discount=12)
        self._as(self.rep_a, order).request_validation()
        order = self._as(self.manager_a, order)
        self.assertIn("等待", order.to_validate_message)
        self.assertIn(self.manager_a.name, order.to_validate_message)
        self.assertTrue(order.next_review.startswith("下一步"))
        self.assertNoEnglish(order.to_validate_message + order.next_review)
        bodies = " ".join(order.message_ids.mapped("body"))
        self.assertIn("申请审批", bodies)
        self.assertNoEnglish(bodies)

    def test_comment_dialog_says_approve_or_reject(self):
        """The comment dialog's confirm button says 批准 or 驳回 and asks for the comment."""
        self.tier_manager.has_comment = True
        order = self._contract()
        self._as(self.rep_a, order).request_validation()
        action = self._as(self.manager_a, order).validate_tier()
        self.assertEqual(action["res_model"], "comment.wizard")
        self.assertIn("批准", action["name"])
        wizard = self.env["comment.wizard"].with_user(self.manager_a).with_context(lang="zh_CN")
        arch = wizard.get_view(action["view_id"], "form")["arch"]
        self.assertIn("批准", arch)
        self.assertIn("驳回", arch)
        self.assertIn("审批意见", arch)

    def test_comment_optional_to_approve_required_to_reject(self):
        """Approving with an empty comment passes (a phone sends none); rejecting without one
        is refused in Chinese, and the dialog asks for it on rejection only."""
        self.tier_manager.has_comment = True
        order = self._contract()
        self._as(self.rep_a, order).request_validation()
        Wizard = self.env["comment.wizard"].with_user(self.manager_a).with_context(lang="zh_CN")
        reject = self._as(self.manager_a, order).reject_tier()
        wizard = Wizard.with_context(**reject["context"]).create({})
        with self.assertRaisesRegex(UserError, "驳回"):
            wizard.add_comment()
        self.assertNotIn("rejected", order.review_ids.mapped("status"))
        approve = self._as(self.manager_a, order).validate_tier()
        Wizard.with_context(**approve["context"]).create({}).add_comment()
        self.assertIn("approved", order.review_ids.mapped("status"))
        arch = Wizard.get_view(approve["view_id"], "form")["arch"]
        self.assertIn("required=\"validate_reject == 'reject'\"", arch.replace("&apos;", "'"))
