from markupsafe import Markup

from odoo import models


class TierValidation(models.AbstractModel):
    """Chinese wording for the OCA approval engine's banners, chatter messages and comment
    dialog (see ``tier_review_i18n.py`` for why they are said again here)."""

    # Wording only, apart from the access rules of tier_review.py / tier_validation.py,
    # as Odoo splits mail.thread: one file per concern.
    _inherit = "tier.validation"  # pylint: disable=consider-merging-classes-inherited

    def _get_to_validate_message(self):
        icon = Markup('<i class="fa fa-lg fa-info-circle"></i>')
        pending = self.review_ids.filtered(lambda r: r.status == "pending")[:1]
        todo = pending._get_todo_label() if pending else False
        if todo:
            return Markup("%s %s") % (icon, self.env._("Waiting for approval by %s", todo))
        return Markup("%s %s") % (
            icon,
            self.env._("This %s needs approval.", self.env["ir.model"]._get(self._name).name),
        )

    def _get_validated_message(self):
        if self.validation_status != "validated":
            return ""
        return Markup('<i class="fa fa-thumbs-up"></i> %s') % self.env._("Approved.")

    def _get_rejected_message(self):
        if self.validation_status != "rejected":
            return ""
        return Markup('<i class="fa fa-thumbs-down"></i> %s') % self.env._("Rejected.")

    def _compute_next_review(self):
        for rec in self:
            review = rec.review_ids.sorted("sequence").filtered(lambda r: r.status == "pending")[:1]
            rec.next_review = self.env._("Next step: %s", review.name) if review else False

    def _notify_created_review_body(self):
        return self.env._("%s created a document that needs approval.", self.env.user.name)

    def _notify_requested_review_body(self, tier_reviews=None):
        if tier_reviews:
            requester = tier_reviews[:1].requested_by or self.env.user
            labels = [label for label in (r._get_todo_label() for r in tier_reviews) if label]
            return self.env._(
                "Approval requested by %(requester)s, waiting for %(assignees)s.",
                requester=requester.display_name,
                assignees=labels or self.env._("the assigned approver"),
            )
        return self.env._("%s requested approval.", self.env.user.display_name)

    def _notify_accepted_reviews_body(self):
        commented = self.review_ids.filtered(
            lambda r: self.env.user in r.reviewer_ids and r.comment
        )[:1]
        if commented:
            return self.env._(
                "%(user)s approved: %(comment)s",
                user=self.env.user.name,
                comment=commented.comment,
            )
        return self.env._("%s approved.", self.env.user.name)

    def _notify_rejected_review_body(self):
        commented = self.review_ids.filtered(
            lambda r: self.env.user in r.reviewer_ids and r.comment
        )[:1]
        if commented:
            return self.env._(
                "%(user)s rejected: %(comment)s",
                user=self.env.user.name,
                comment=commented.comment,
            )
        return self.env._("%s rejected.", self.env.user.name)

    def _notify_restarted_review_body(self):
        return self.env._("%s restarted the approval.", self.env.user.name)

    def _add_comment(self, validate_reject, reviews):
        action = super()._add_comment(validate_reject, reviews)
        if validate_reject == "reject":
            action["name"] = self.env._("Reject: your comment")
        else:
            action["name"] = self.env._("Approve: your comment")
        return action
