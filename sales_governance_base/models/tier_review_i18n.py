from odoo import api, fields, models
from odoo.tools import format_list

# How many reviewers a "to do by" label names before it says "and N more".
TODO_BY_SHOWN = 3


class TierReview(models.Model):
    """Chinese wording for the OCA approval engine's own labels.

    Odoo looks a Python string up in the translations of the module whose code calls ``_()``:
    strings written in ``base_tier_validation`` can only be translated by that module's
    ``i18n/zh_CN.po``, which leaves them empty. The methods below say the same things with
    strings of this addon, so that our ``zh_CN.po`` translates them on any installation.
    """

    # Wording only, apart from the access rules of tier_review.py / tier_validation.py,
    # as Odoo splits mail.thread: one file per concern.
    _inherit = "tier.review"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("reviewer_ids")
    def _compute_todo_by(self):
        for review in self:
            review.todo_by = review._get_todo_label()

    def _get_todo_label(self):
        """Who is expected to act, in the current language: the group's name when each of its
        members may, else up to three reviewers' names (some are excluded from this document,
        or it went to others because all were)."""
        self.ensure_one()
        if self.reviewer_group_id and not self.reviewer_group_id.user_ids - self.reviewer_ids:
            return self.env._("any member of %s", self.reviewer_group_id.name)
        reviewers = self.reviewer_ids
        names = reviewers[:TODO_BY_SHOWN].mapped("display_name")
        if len(reviewers) > TODO_BY_SHOWN:
            return self.env._(
                "%(names)s and %(count)s more",
                names=format_list(self.env, names),
                count=len(reviewers) - TODO_BY_SHOWN,
            )
        return format_list(self.env, names) if names else False

    def _notify_review_reminder_body(self):
        delay = (fields.Datetime.now() - self.create_date).days
        return self.env._("A review has been waiting for %s days.", delay)
