from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestWorkflowGuard(QualificationCase):
    """Certificates and borrow records are on the shared workflow guard
    (``sales.workflow.mixin``): what only the workflow writes is refused to a client's create
    or write and done by the workflow methods; bad values get a clear, translated error."""

    def test_certificate_state_by_buttons_only(self):
        """The custodian cannot write a draft's state; the same change through Submit works."""
        draft = self._create_qualification("Draft", "SQ-0200")
        with self.assertRaisesRegex(AccessError, "set by its workflow"):
            draft.with_user(self.custodian).write({"state": "review"})
        self.assertEqual(draft.state, "draft")
        draft.with_user(self.custodian).action_submit_review()
        self.assertEqual(draft.state, "review")

    def test_certificate_suspension_by_buttons_only(self):
        """The manager cannot write a suspension; the Suspend button does it."""
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.manager).write({"state": "suspended"})
        self.assertEqual(self.certificate.state, "valid")
        self.certificate.with_user(self.manager).action_suspend()
        self.assertEqual(self.certificate.state, "suspended")

    def test_certificate_unchanged_state_accepted(self):
        """The web client sends unchanged values back: they pass."""
        self.certificate.with_user(self.custodian).write({"state": "valid", "location": "Safe"})
        self.assertEqual(self.certificate.location, "Safe")

    def test_certificate_renewal_changes_frozen_fields(self):
        """Dates are frozen for a client, and changed by a renewal."""
        expiry = self.certificate.expiry_date + timedelta(days=365)
        with self.assertRaisesRegex(UserError, "renewal"):
            self.certificate.with_user(self.custodian).write({"expiry_date": expiry})
        self.certificate.with_user(self.custodian)._renew("SQ-0001", self.TODAY, expiry)
        self.assertEqual(self.certificate.expiry_date, expiry)

    def test_borrow_state_by_buttons_only(self):
        """The borrower cannot write their request's state; Request does it."""
        borrow = self._borrow()
        with self.assertRaises(AccessError):
            borrow.write({"state": "requested"})
        with self.assertRaises(AccessError):
            borrow.write({"approver_id": self.user.id})
        self.assertEqual(borrow.state, "draft")
        borrow.action_request()
        self.assertEqual(borrow.state, "requested")

    def test_borrow_reference_by_sequence_only(self):
        """A client cannot choose the reference of a borrow record."""
        with self.assertRaises(AccessError):
            self._borrow(name="BRW/FORGED")
        borrow = self._borrow(name="/")
        self.assertTrue(borrow.name.startswith("BRW/"))

    def test_bad_selection_value_refused(self):
        """An unknown borrow type or state is refused with a clear message, nothing created."""
        count = self.env["sales.qualification.borrow"].search_count([])
        with self.assertRaisesRegex(ValidationError, "not a valid"):
            self._borrow(borrow_type="forged")
        self.assertEqual(self.env["sales.qualification.borrow"].search_count([]), count)
        self._borrow(borrow_type="scan")

    def test_bad_date_refused(self):
        """A malformed date gets a clear message, not a raw ValueError."""
        with self.assertRaisesRegex(ValidationError, "not a valid date"):
            self._borrow(expected_return_date="2030-13-45")
        draft = self._create_qualification("Draft", "SQ-0201")
        with self.assertRaisesRegex(ValidationError, "not a valid date"):
            draft.with_user(self.custodian).write({"issue_date": "yesterday"})

    def test_refusal_translated(self):
        """The guard's refusals read in the user's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["sales_governance_base", "sales_qualification"], ["zh_CN"]
        )
        custodian = self.custodian.with_context(lang="zh_CN")
        with self.assertRaises(AccessError) as refusal:
            self.certificate.with_user(custodian).with_context(lang="zh_CN").write(
                {"state": "revoked"}
            )
        self.assertNotIn("workflow", str(refusal.exception))
        self.assertRegex(str(refusal.exception), r"[\u4e00-\u9fff]")
