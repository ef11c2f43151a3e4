from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestReview(QualificationCase):
    """Acquisition review: legal, finance and technical must all approve. The
    reviews run on the OCA validation engine; ``sales.qualification.review`` shows them one
    line per department."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls._create_qualification("New Grade II", "SQ-0100")

    def _submit(self):
        self.draft.with_user(self.custodian).action_submit_review()
        return {r.review_type: r for r in self.draft.qualification_review_ids}

    def test_submit_creates_three_reviews(self):
        """Submitting creates one pending legal, finance and technical review."""
        reviews = self._submit()
        self.assertEqual(self.draft.state, "review")
        self.assertEqual(set(reviews), {"legal", "finance", "technical"})
        self.assertEqual(set(self.draft.qualification_review_ids.mapped("state")), {"pending"})
        self.assertEqual(reviews["legal"].reviewer_id, self.legal)
        self.assertEqual(len(self.draft.review_ids), 3)
        self.assertEqual(self.draft.validation_status, "pending")

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
        self.assertEqual(reviews["technical"].comment, "Fits our work")
        self.assertEqual(reviews["technical"].decided_by_id, self.manager)

    def test_engine_buttons(self):
        """The engine's own Validate button (with its comment dialog) decides the reviews of
        the user, here the finance and technical tiers of the managers' group."""
        self._submit()
        draft = self.draft.with_user(self.manager)
        action = draft.validate_tier()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"comment": "OK"})
        )
        wizard.add_comment()
        self.assertEqual(
            {r.review_type: r.state for r in self.draft.qualification_review_ids},
            {"legal": "pending", "finance": "approved", "technical": "approved"},
        )
        self.draft.with_user(self.legal).validate_tier()
        self.assertEqual(self.draft.state, "review", "the legal tier asks for a comment first")
        reviews = {r.review_type: r for r in self.draft.qualification_review_ids}
        reviews["legal"].with_user(self.legal).action_approve()
        self.assertEqual(self.draft.state, "valid")

    def test_reject_returns_with_comment(self):
        """A rejection sends the certificate back to draft with the reviewer's comment."""
        reviews = self._submit()
        reviews["finance"].with_user(self.manager).action_approve()
        reviews["legal"].with_user(self.legal).action_reject(comment="Seal not verifiable")
        self.assertEqual(self.draft.state, "draft")
        self.assertEqual(reviews["legal"].comment, "Seal not verifiable")
        self.assertEqual(reviews["legal"].state, "rejected")
        self.assertEqual(reviews["technical"].state, "cancelled")
        self.assertIn("Seal not verifiable", self.draft.message_ids[0].body)
        self.assertIn(self.custodian, self.draft.activity_ids.user_id)

    def test_resubmit_starts_over(self):
        """A corrected certificate sent again gets three new pending reviews."""
        reviews = self._submit()
        reviews["legal"].with_user(self.legal).action_reject(comment="Seal not verifiable")
        self.draft.with_user(self.custodian).write({"authority": "Anhui DoHURD"})
        reviews = self._submit()
        self.assertEqual(len(self.draft.review_ids), 3)
        self.assertEqual(set(self.draft.qualification_review_ids.mapped("state")), {"pending"})

    def test_reject_needs_comment(self):
        """A rejection without a reason is refused."""
        reviews = self._submit()
        with self.assertRaises(UserError):
            reviews["legal"].with_user(self.legal).action_reject(comment=" ")
        self.assertEqual(reviews["legal"].state, "pending")

    def test_only_reviewer_decides(self):
        """Only the tier's reviewer (the legal user; a manager for the others) decides."""
        reviews = self._submit()
        with self.assertRaises(AccessError):
            reviews["legal"].with_user(self.custodian).action_approve()
        with self.assertRaises(AccessError):
            reviews["legal"].with_user(self.manager).action_approve()
        with self.assertRaises(AccessError):
            reviews["finance"].with_user(self.user).action_approve()
        self.assertEqual(set(self.draft.qualification_review_ids.mapped("state")), {"pending"})
        reviews["finance"].with_user(self.manager).action_approve()
        self.assertEqual(reviews["finance"].state, "approved")

    def test_review_decided_once(self):
        """A decided review cannot be decided again."""
        reviews = self._submit()
        reviews["legal"].with_user(self.legal).action_approve()
        with self.assertRaises(UserError):
            reviews["legal"].with_user(self.legal).action_reject(comment="Changed my mind")

    def test_review_not_writable(self):
        """A decision cannot be forged by writing the review, the engine's review or the
        certificate's review list."""
        reviews = self._submit()
        with self.assertRaises(AccessError):
            reviews["legal"].with_user(self.manager).write({"state": "approved"})
        tier_review = reviews["finance"].tier_review_id
        with self.assertRaises(AccessError):
            tier_review.with_user(self.manager).write({"status": "approved"})
        with self.assertRaises(AccessError):
            self.draft.with_user(self.manager).write({"review_ids": [(2, tier_review.id)]})
        with self.assertRaises(AccessError):
            self.draft.with_user(self.manager).write({"state": "valid"})
        self.assertEqual(tier_review.status, "pending")
        self.assertEqual(self.draft.state, "review")

    def test_reviewer_sees_own_reviews(self):
        """A user sees the reviews assigned to them and no others."""
        self._submit()
        Review = self.env["sales.qualification.review"].with_user(self.legal)
        self.assertEqual(
            Review.search([]).mapped("review_type"), ["legal"] * Review.search_count([])
        )
        self.assertEqual(
            Review.search([("qualification_id", "=", self.draft.id)]).mapped("review_type"),
            ["legal"],
        )
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

    def test_no_tier_makes_valid(self):
        """With every review tier archived, a submitted certificate is valid at once."""
        self.env["tier.definition"].search([("model", "=", "sales.qualification")]).active = False
        self.draft.with_user(self.custodian).action_submit_review()
        self.assertEqual(self.draft.state, "valid")


@tagged("post_install", "-at_install")
class TestReviewTiers(QualificationCase):
    """The review tiers are records a qualification manager edits, for certificates only."""

    def test_manager_edits_certificate_tiers(self):
        """A qualification manager renames a tier and adds one."""
        Tier = self.env["tier.definition"].with_user(self.manager)
        self.tiers["finance"].with_user(self.manager).write({"name": "Finance (CFO)"})
        tier = Tier.create(
            {
                "name": "Safety review",
                "model_id": self.env.ref("sales_qualification.model_sales_qualification").id,
                "review_type": "individual",
                "reviewer_id": self.manager.id,
            }
        )
        self.assertEqual(tier.model, "sales.qualification")

    def test_manager_cannot_edit_other_tiers(self):
        """The tiers of other documents are not theirs; a plain user edits no tier."""
        other = self.env["tier.definition"].create(
            {
                "name": "Partner check",
                "model_id": self.env.ref("base.model_res_partner").id,
                "review_type": "individual",
                "reviewer_id": self.manager.id,
            }
        )
        with self.assertRaises(AccessError):
            other.with_user(self.manager).write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            self.tiers["legal"].with_user(self.custodian).write({"name": "Legal (mine)"})
