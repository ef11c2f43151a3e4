import subprocess
import unicodedata
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import QualificationCase

REPORT = "sales_qualification.action_report_borrow_slip"


def pdf_text(user, report, records, lang="zh_CN"):
    """Render ``report`` for ``records`` as ``user`` into a real PDF and return its text."""
    pdf, report_type = (
        user.env["ir.actions.report"]
        .with_user(user)
        .with_context(force_report_rendering=True, lang=lang)
        ._render_qweb_pdf(report, records.ids)
    )
    assert report_type == "pdf" and pdf.startswith(b"%PDF"), report_type
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    # The CJK font maps some glyphs to their Kangxi radical code points (⼯ for 工): NFKC
    # gives the ordinary characters back.
    return unicodedata.normalize("NFKC", text)


@tagged("post_install", "-at_install")
class TestBorrowSlip(QualificationCase):
    """资质借阅单: the borrow record with its approval, hand-over and return section."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_zh_CN").active = True
        (cls.user | cls.user2 | cls.custodian).write({"lang": "zh_CN"})
        cls.certificate.name = "城市道路照明工程专业承包一级"

    def test_slip_of_returned_original(self):
        """The slip shows the certificate, borrower, approver, hand-over and return."""
        borrow = self._approved_borrow(purpose="合肥高新区路灯投标")
        borrow.with_user(self.custodian).action_checkout()
        borrow.with_user(self.custodian).action_return(self.TODAY + timedelta(days=3))
        text = pdf_text(self.user, REPORT, borrow)
        self.assertIn("资质借阅单", text)
        self.assertIn("城市道路照明工程专业承包一级", text)
        self.assertIn("合肥高新区路灯投标", text)
        for name in (self.user.name, self.manager.name, self.custodian.name, borrow.name):
            self.assertIn(name, text)
        self.assertIn("归还", text)
        self.assertRegex(text, r"2030\D03\D04")  # the return date

    def test_only_readers_print(self):
        """Another borrower cannot print the slip; the custodian can."""
        borrow = self._approved_borrow()
        with self.assertRaises(AccessError):
            pdf_text(self.user2, REPORT, borrow)
        self.assertIn(borrow.name, pdf_text(self.custodian, REPORT, borrow))
