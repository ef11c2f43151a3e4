from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

# What a reviewer may change on their own open review without the engine.
REVIEWER_WRITABLE_FIELDS = {"comment"}


class TierReview(models.Model):
    """Reviews are evidence: only the validation engine creates, approves, rejects
    and deletes them (it runs as superuser, see ``tier.validation``). A reviewer may
    only add a comment to their own open review; a settings administrator may
    correct a review. Record rules in ``security/`` say the same for RPC clients.
    """

    _name = "tier.review"
    _inherit = ["sales.reach.guard.mixin", "sales.document.access.mixin", "tier.review"]
    _document_model_field = "model"

    # === READ ACCESS === #
    @api.model
    def _get_readable_domain(self):
        """A review is read by its reviewers and by those who may read its document."""
        # sudo: tier definitions are configuration closed to users; only their models are read
        models_reviewed = self.env["tier.definition"].sudo().search([("model", "!=", False)])
        return Domain("reviewer_ids", "in", self.env.uid) | self._get_document_readable_domain(
            models_reviewed.mapped("model")
        )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Reviews are created by sending the document for validation, not by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_review_admin():
            if set(vals) - REVIEWER_WRITABLE_FIELDS:
                raise AccessError(
                    self.env._(
                        "Reviews are approved or rejected with the Validate and Reject "
                        "buttons of the document, not changed by hand."
                    )
                )
            others = self.filtered(
                lambda r: self.env.user not in r.reviewer_ids
                or r.status not in ("waiting", "pending")
            )
            if others:
                raise AccessError(self.env._("Only its reviewer may comment an open review."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_review_admin(self):
        if not self._is_review_admin():
            raise AccessError(
                self.env._(
                    "Reviews cannot be deleted; restart the validation of the document instead."
                )
            )

    # === BUSINESS METHODS === #
    def _is_review_admin(self):
        return self.env.su or self.env.user.has_group("base.group_system")

    def _get_reviewers(self):
        reviewers = super()._get_reviewers()
        if self.res_id and self._has_resource_model():
            # sudo: the excluded users come from the document, whoever computes the reviewers
            document = self.env[self.model].sudo().browse(self.res_id)
            excluded = document._get_tier_review_excluded_users()
            reviewers -= excluded
            if not reviewers:
                # every reviewer of the tier is excluded (the only director wrote it): the
                # document says who else reviews, rather than wait for nobody
                reviewers = document._get_tier_review_fallback_users(self) - excluded
        return reviewers

    def _update_review_status(self):
        # sudo: promoting the next review is the engine's job, whoever looks at the queue
        return super(TierReview, self.sudo())._update_review_status()
