from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestReview(QualificationCase):
    """SPEC §5.6 acquisition review: legal, finance and technical must all approve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls._create_qualification("New Grade II", "SQ-0100")

    def _submit(self):
        self.draft.with_user(self.custodian).action_submit_review()
        return {r.review_type: r for r in self.draft.review_ids}

    def test_submit_creates_three_reviews(self):
        """Submitting creates one pending legal, finance and technical review."""
        reviews = self._submit()
        self.assertEqual(self.draft.state, "review")
        self.assertEqual(set(reviews), {"legal", "finance", "technical"})
        self.assertEqual(set(self.draft.review_ids.mapped("state")), {"pending"})
        self.assertEqual(reviews["legal"].reviewer_id, self.legal)

    def test_user_cannot_submit(self):
        """A plain user cannot send a certificate to review."""
        with self.assertRaises(AccessError):
            self.draft.with_user(self.user).action_submit_review()

    def test_all_approve_makes_valid(self):
        """The certificate becomes valid only when the third review approves."""
        reviews = self._submit()
        reviews["legal"].with_user(self.legal).action_approve()
        reviews["finance"].with_user(self.manager).action_approve()
        self.assertEqual(self.draft.state, "review")
        reviews["technical"].with_user(self.manager).action_approve(comment="Fits our work")
        self.assertEqual(self.draft.state, "valid")

    def test_reject_returns_with_comment(self):
        """A rejection sends the certificate back to draft with the reviewer's comment."""
        reviews = self._submit()
        reviews["finance"].with_user(self.manager).action_approve()
        reviews["legal"].with_user(self.legal).action_reject(comment="Seal not verifiable")
        self.assertEqual(self.draft.state, "draft")
        self.assertEqual(reviews["legal"].comment, "Seal not verifiable")
        self.assertEqual(reviews["technical"].state, "cancelled")
        self.assertIn("Seal not verifiable", self.draft.message_ids[0].body)
        self.assertIn(self.custodian, self.draft.activity_ids.user_id)

    def test_reject_needs_comment(self):
        """A rejection without a reason is refused."""
        reviews = self._submit()
        with self.assertRaises(UserError):
            reviews["legal"].with_user(self.legal).action_reject(comment=" ")
        self.assertEqual(reviews["legal"].state, "pending")

    def test_only_reviewer_or_manager_decides(self):
        """Someone who is neither the assigned reviewer nor a manager cannot decide."""
        reviews = self._submit()
        with self.assertRaises(AccessError):
            reviews["legal"].with_user(self.custodian).action_approve()
        with self.assertRaises(AccessError):
            reviews["finance"].with_user(self.user).action_approve()

    def test_review_decided_once(self):
        """A decided review cannot be decided again."""
        reviews = self._submit()
        reviews["legal"].with_user(self.legal).action_approve()
        with self.assertRaises(UserError):
            reviews["legal"].with_user(self.manager).action_reject(comment="Changed my mind")

    def test_review_not_writable(self):
        """A decision cannot be forged by writing the review."""
        reviews = self._submit()
        with self.assertRaises(UserError):
            reviews["legal"].with_user(self.manager).write({"state": "approved"})
        reviews["legal"].with_user(self.manager).write({"reviewer_id": self.manager.id})
        self.assertEqual(reviews["legal"].reviewer_id, self.manager)

    def test_reviewer_sees_own_reviews(self):
        """A user sees the reviews assigned to them and no others."""
        self._submit()
        Review = self.env["sales.qualification.review"].with_user(self.legal)
        self.assertEqual(Review.search([]).mapped("review_type"), ["legal"])
        self.assertFalse(self.env["sales.qualification.review"].with_user(self.user).search([]))

    def test_decision_wizard(self):
        """The decision wizard records the rejection and its comment."""
        reviews = self._submit()
        wizard = (
            self.env["sales.qualification.decision.wizard"]
            .with_user(self.legal)
            .create(
                {"review_id": reviews["legal"].id, "decision": "reject", "comment": "Expired seal"}
            )
        )
        wizard.action_confirm()
        self.assertEqual(reviews["legal"].state, "rejected")
        self.assertEqual(self.draft.state, "draft")
