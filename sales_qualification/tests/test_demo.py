from datetime import timedelta

from odoo import fields
from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoBorrow(TransactionCase):
    """The demo as a rep opens it (skipped on a database without the demo data of this addon
    and of sales_governance): rep1 (李娜) finds the demo certificates in 我的借阅申请 › 新建 and
    asks to borrow one; the demo qualification manager is the one to approve it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.rep1 = ref("sales_governance.user_rep1_demo", raise_if_not_found=False)
        cls.certificate = ref(
            "sales_qualification.sales_qualification_lighting_demo", raise_if_not_found=False
        )
        cls.qmanager = ref(
            "sales_qualification.user_qualification_manager_demo", raise_if_not_found=False
        )

    def setUp(self):
        super().setUp()
        if not (self.rep1 and self.certificate and self.qmanager):
            self.skipTest("the demo data is not loaded")

    def test_rep1_borrows_a_demo_certificate(self):
        """The certificate picker of a new request offers rep1 the demo certificates, and
        rep1's request waits for the demo qualification manager."""
        Borrow = self.env["sales.qualification.borrow"].with_user(self.rep1)
        domain = [("state", "=", "valid")]  # the picker's domain (field qualification_id)
        offered = Borrow.env["sales.qualification"].name_search("", domain, limit=None)
        self.assertIn(self.certificate.id, [certificate_id for certificate_id, _name in offered])
        with Form(Borrow) as form:
            form.qualification_id = self.certificate
            form.purpose = "合肥高新区道路照明投标"
            form.expected_return_date = fields.Date.today() + timedelta(days=7)
        borrow = form.record
        borrow.action_request()
        self.assertRecordValues(
            borrow,
            [
                {
                    "state": "requested",
                    "borrower_id": self.rep1.id,
                    "company_id": self.rep1.company_id.id,
                }
            ],
        )
        self.assertEqual(self.certificate.manager_id, self.qmanager)
        self.assertEqual(self.rep1.company_id.qualification_manager_id, self.qmanager)
        self.assertIn(self.qmanager, borrow.activity_ids.user_id)
