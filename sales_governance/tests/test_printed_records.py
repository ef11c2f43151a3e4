import os
import subprocess
import unicodedata

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_special_contract import SpecialContractCase

REPORT = "sales_governance.action_report_special_contract_review"


def pdf_text(user, report, records, lang="zh_CN"):
    """Render ``report`` for ``records`` as ``user`` into a real PDF and return its text."""
    pdf, report_type = (
        user.env["ir.actions.report"]
        .with_user(user)
        .with_context(force_report_rendering=True, lang=lang)
        ._render_qweb_pdf(report, records.ids)
    )
    assert report_type == "pdf" and pdf.startswith(b"%PDF"), report_type
    # SG_REPORT_SAMPLES=<dir> keeps the PDFs, to look at them (pdftoppm -png).
    if os.environ.get("SG_REPORT_SAMPLES"):
        path = os.path.join(os.environ["SG_REPORT_SAMPLES"], report.split(".")[-1] + ".pdf")
        with open(path, "wb") as sample:
            sample.write(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    # The CJK font maps some glyphs to their Kangxi radical code points (⼯ for 工): NFKC
    # gives the ordinary characters back.
    return unicodedata.normalize("NFKC", text)


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
