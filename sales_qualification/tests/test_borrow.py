from datetime import timedelta

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestBorrow(QualificationCase):
    """Borrowing: approval, check-out and return, one original out, a fixed log."""

    def test_full_lifecycle(self):
        """Request by the user, approval by the manager, hand-over and return by the custodian."""
        borrow = self._borrow()
        self.assertTrue(borrow.name.startswith("BRW/"))
        borrow.action_request()
        self.assertEqual(borrow.state, "requested")
        borrow.with_user(self.manager).action_approve()
        self.assertEqual((borrow.state, borrow.approver_id), ("approved", self.manager))
        borrow.with_user(self.custodian).action_checkout()
        self.assertEqual((borrow.state, borrow.checkout_user_id), ("borrowed", self.custodian))
        self.assertTrue(self.certificate.is_out)
        borrow.with_user(self.custodian).action_return()
        self.assertEqual((borrow.state, borrow.actual_return_date), ("returned", self.TODAY))

    def test_user_cannot_approve_or_handle(self):
        """The borrower approves, hands over and takes back nothing themselves."""
        borrow = self._borrow()
        borrow.action_request()
        with self.assertRaises(AccessError):
            borrow.action_approve()
        borrow.with_user(self.manager).action_approve()
        with self.assertRaises(AccessError):
            borrow.action_checkout()

    def test_custodian_cannot_approve(self):
        """Approving is the manager's, not the custodian's."""
        borrow = self._borrow()
        borrow.action_request()
        with self.assertRaises(AccessError):
            borrow.with_user(self.custodian).action_approve()

    def test_return_by_custodian_only(self):
        """Only the custodian takes a certificate back."""
        borrow = self._approved_borrow()
        borrow.with_user(self.custodian).action_checkout()
        with self.assertRaises(AccessError):
            borrow.action_return()
        self.assertEqual(borrow.state, "borrowed")

    def test_one_original_out_at_a_time(self):
        """A second original hand-over waits until the first borrower returns it."""
        first = self._approved_borrow()
        second = self._approved_borrow(user=self.user2)
        first.with_user(self.custodian).action_checkout()
        with self.assertRaisesRegex(UserError, "Qual User"):
            second.with_user(self.custodian).action_checkout()
        self.assertEqual(second.state, "approved")
        first.with_user(self.custodian).action_return()
        second.with_user(self.custodian).action_checkout()
        self.assertEqual(second.state, "borrowed")

    def test_one_original_in_one_batch(self):
        """Two originals of one certificate handed over in one call are refused."""
        first = self._approved_borrow()
        second = self._approved_borrow(user=self.user2)
        with self.assertRaises(UserError):
            (first | second).with_user(self.custodian).action_checkout()
        self.assertEqual(set((first | second).sudo().mapped("state")), {"approved"})

    def test_copies_go_out_together(self):
        """Copies are not exclusive: two borrowers may hold one at the same time."""
        first = self._approved_borrow(borrow_type="copy")
        second = self._approved_borrow(user=self.user2, borrow_type="copy")
        (first | second).with_user(self.custodian).action_checkout()
        self.assertEqual(set((first | second).sudo().mapped("state")), {"borrowed"})

    @mute_logger("odoo.sql_db")
    def test_original_out_guarded_in_database(self):
        """The database refuses a second original out even if the application check is skipped."""
        first = self._approved_borrow()
        second = self._approved_borrow(user=self.user2)
        first.with_user(self.custodian).action_checkout()
        with self.assertRaises(psycopg2.IntegrityError):
            second.sudo().write({"state": "borrowed"})
            second.env.flush_all()

    def test_unavailable_certificates_not_borrowed(self):
        """Expired, suspended and revoked certificates cannot be requested."""
        for state in ("suspended", "revoked", "expired", "draft"):
            certificate = self._create_qualification(state, f"SQ-3{state}", state=state)
            borrow = self._borrow(qualification=certificate)
            with self.assertRaisesRegex(UserError, "cannot be borrowed"):
                borrow.action_request()
            self.assertEqual(borrow.state, "draft")

    def test_no_checkout_after_suspension(self):
        """A certificate suspended after approval is not handed over."""
        borrow = self._approved_borrow()
        self.certificate.with_user(self.manager).action_suspend()
        with self.assertRaises(UserError):
            borrow.with_user(self.custodian).action_checkout()

    def test_user_sees_own_requests_only(self):
        """A user sees their own borrow requests; the custodian sees all."""
        mine = self._borrow()
        theirs = self._borrow(user=self.user2)
        Borrow = self.env["sales.qualification.borrow"]
        domain = [("qualification_id", "=", self.certificate.id)]
        self.assertEqual(Borrow.with_user(self.user).search(domain), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user).read(["purpose"])
        self.assertEqual(Borrow.with_user(self.custodian).search(domain), mine | theirs)

    def test_cannot_borrow_in_someone_elses_name(self):
        """A user cannot file a request for another borrower."""
        with self.assertRaises(AccessError):
            self._borrow(borrower_id=self.user2.id)
        with self.assertRaises(AccessError):
            self._borrow().write({"borrower_id": self.user2.id})

    def test_log_cannot_be_rewritten(self):
        """Once sent, a borrow record is changed by its buttons only, and never deleted."""
        borrow = self._approved_borrow()
        borrow.with_user(self.custodian).action_checkout()
        with self.assertRaises(UserError):
            borrow.write({"purpose": "Something else"})
        with self.assertRaises(UserError):
            borrow.with_user(self.custodian).write({"expected_return_date": self.TODAY})
        with self.assertRaises(AccessError):
            borrow.with_user(self.manager).write({"state": "returned"})
        with self.assertRaises(UserError):
            borrow.with_user(self.manager).unlink()
        borrow.with_user(self.custodian).action_return()
        with self.assertRaises(AccessError):
            borrow.with_user(self.manager).write({"actual_return_date": self.TODAY - timedelta(1)})

    def test_create_as_borrowed_refused(self):
        """A borrow record cannot be created directly in a later state."""
        with self.assertRaises(AccessError):
            self._borrow(state="borrowed")

    def test_draft_editable_and_deletable(self):
        """The borrower still edits and deletes a draft."""
        borrow = self._borrow()
        borrow.write({"purpose": "Bid opening"})
        borrow.unlink()
        self.assertFalse(borrow.exists())

    def test_return_before_borrow_refused(self):
        """A return dated before the borrow date is refused and the record stays out."""
        borrow = self._approved_borrow()
        borrow.with_user(self.custodian).action_checkout()
        with self.assertRaises(ValidationError):
            borrow.with_user(self.custodian).action_return(
                return_date=self.TODAY - timedelta(days=1)
            )
        self.assertEqual(borrow.state, "borrowed")
        self.assertFalse(borrow.actual_return_date)

    def test_return_today_across_time_zones(self):
        """Borrowed on the borrower's day (Beijing, already tomorrow in UTC), taken back the
        same moment by a custodian whose clock says today (UTC): returned, on the borrow date.
        An explicit earlier date stays refused (above)."""
        self.user.tz = "Asia/Shanghai"
        self.custodian.tz = "UTC"
        with freeze_time("2026-03-01 20:00:00"):
            borrow = (
                self.env["sales.qualification.borrow"]
                .with_user(self.user)
                .create(
                    {
                        "qualification_id": self.certificate.id,
                        "borrower_id": self.user.id,
                        "purpose": "Tender",
                        "borrow_type": "original",
                        "expected_return_date": "2026-03-09",
                    }
                )
            )
            self.assertEqual(str(borrow.date_from), "2026-03-02")
            borrow.action_request()
            borrow.with_user(self.manager).action_approve()
            borrow.with_user(self.custodian).action_checkout()
            borrow.with_user(self.custodian).action_return()
        self.assertEqual(borrow.state, "returned")
        self.assertEqual(str(borrow.actual_return_date), "2026-03-02")

    def test_negative_period_refused(self):
        """An expected return before the borrow date is refused."""
        with self.assertRaises(ValidationError):
            self._borrow(days=-3)

    def test_max_borrow_days(self):
        """A request longer than the maximum borrow days is refused."""
        with self.assertRaisesRegex(ValidationError, "30"):
            self._borrow(days=31)
        self.company.qualification_max_borrow_days = 0
        self.assertTrue(self._borrow(days=120))

    def test_reject_needs_reason(self):
        """The manager rejects with a reason, which the borrower reads."""
        borrow = self._borrow()
        borrow.action_request()
        with self.assertRaises(UserError):
            borrow.with_user(self.manager).action_reject()
        borrow.with_user(self.manager).action_reject(comment="Original needed elsewhere")
        self.assertEqual(borrow.state, "rejected")
        self.assertEqual(borrow.reject_reason, "Original needed elsewhere")

    def test_borrower_cancels(self):
        """The borrower withdraws a pending request; another user cannot."""
        borrow = self._borrow()
        borrow.action_request()
        with self.assertRaises(AccessError):
            borrow.with_user(self.user2).action_cancel()
        borrow.action_cancel()
        self.assertEqual(borrow.state, "cancelled")

    def test_request_notifies_manager(self):
        """A request schedules an approval activity for the qualification manager."""
        borrow = self._borrow()
        borrow.action_request()
        self.assertEqual(borrow.activity_ids.user_id, self.manager)
        borrow.with_user(self.manager).action_approve()
        self.assertEqual(borrow.activity_ids.user_id, self.custodian)

    def test_overdue_and_daily_reminder(self):
        """A late return is flagged and chased once a day, however often the job runs."""
        borrow = self._approved_borrow()
        borrow.with_user(self.custodian).action_checkout()
        Borrow = self.env["sales.qualification.borrow"]
        self.assertFalse(borrow.is_overdue)
        messages = len(borrow.message_ids)
        for day, expected_messages in ((8, 1), (8, 1), (9, 2)):
            with freeze_time(self.TODAY + timedelta(days=day)):
                Borrow._cron_remind_overdue()
                self.env.invalidate_all()
                self.assertTrue(borrow.is_overdue)
                self.assertEqual(
                    Borrow.with_user(self.user).search([("is_overdue", "=", True)]), borrow
                )
                self.assertEqual(len(borrow.message_ids) - messages, expected_messages)
        self.assertEqual(len(borrow.activity_ids), 1)
        self.assertEqual(borrow.activity_ids.user_id, self.user)
        borrow.with_user(self.custodian).action_return()
        self.assertFalse(borrow.activity_ids)
