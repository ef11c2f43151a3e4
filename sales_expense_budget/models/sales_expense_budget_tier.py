from odoo import models
from odoo.exceptions import UserError
from odoo.tools import format_list


class SalesExpenseBudgetTierMixin(models.AbstractModel):
    """Review of budgets and budget increases by the tier validation engine.

    A draft is submitted, its reviewers (the shipped tiers: a sales director, then finance for
    large increases) approve or reject it; once every tier has approved, the document is
    approved. The state moves through these steps only (workflow guard): the engine's own
    steps, also reached from its comment wizard, move it too. A document refuses as reviewer
    whoever ``_get_tier_review_excluded_users`` names; when that leaves a tier nobody (the only
    director wrote the budget), the tier goes to the other members of its group, implied ones
    included (a governance administrator is a director); with nobody at all, the document is
    not sent and the refusal names the administrators who can name another reviewer. Each
    model words its refusals in ``_get_tier_message``.
    """

    _name = "sales.expense.budget.tier.mixin"
    _inherit = [
        "sales.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "tier.validation",
    ]
    _description = "Sales Expense Budget Review"

    _state_from = ["submitted"]
    _state_to = ["approved"]
    _tier_validation_manual_config = False
    # where a rejection moves the document (False: it stays submitted until sent back to draft)
    _tier_rejected_state = False

    # === ACTIONS === #
    def _submit_for_review(self):
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "submitted"})
        self.request_validation()
        for record in self:
            if record._get_tier_reviews_without_reviewer():
                raise UserError(record._get_tier_message("no_reviewer"))
        return True

    def _review(self, approve):
        """Approve (or reject) the tier of the current user on each submitted document."""
        for record in self:
            if record.state != "submitted":
                raise UserError(
                    record._get_tier_message("not_submitted" if approve else "not_rejectable")
                )
            if approve:
                record.validate_tier()
            else:
                record.reject_tier()
        return True

    # === TIER VALIDATION HOOKS === #
    def _get_under_validation_exceptions(self):
        # the state moves through the actions only (workflow guard), reviews or not
        return super()._get_under_validation_exceptions() + ["state"]

    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        validated = self.filtered(
            # sudo: the validation status is read from the reviews, closed to direct reads
            lambda r: r.state == "submitted" and r.sudo().validation_status == "validated"
        )
        if validated:
            # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
            validated.sudo().write({"state": "approved"})
            validated._on_review_approved()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        if self._tier_rejected_state:
            rejected = self.filtered(
                # sudo: the validation status is read from the reviews, closed to direct reads
                lambda r: r.state == "submitted" and r.sudo().validation_status == "rejected"
            )
            # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
            rejected.sudo().write({"state": self._tier_rejected_state})
        return res

    def _get_tier_review_fallback_users(self, review):
        members = review.reviewer_group_id.all_user_ids.filtered(
            lambda user: user.active and not user.share
        )
        return members - self._get_tier_review_excluded_users()

    # === BUSINESS METHODS === #
    def _get_tier_reviewer_names(self):
        """Who may approve the open reviews of this document now, for a message."""
        self.ensure_one()
        # sudo: reviewers read the document's tier reviews, closed to direct reads
        reviews = self.sudo().review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
        return format_list(self.env, reviews.reviewer_ids.mapped("name")) or "-"

    def _get_tier_admin_names(self):
        """The settings administrators, who name reviewers, for a message."""
        # sudo: who administers the settings is named to anyone refused, whatever they may read
        admins = self.env.ref("base.group_system").sudo().all_user_ids
        return format_list(self.env, admins.filtered(lambda u: not u.share).mapped("name")) or "-"

    def _on_review_approved(self):
        """Hook: the documents just became approved."""

    def _get_tier_message(self, key):
        """The refusal ``key`` (excluded, no_review, no_reviewer, not_submitted,
        not_rejectable) for this document, translated."""
        raise NotImplementedError
