from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .sales_qualification import GROUP_MANAGER


class SalesQualificationReview(models.Model):
    _name = "sales.qualification.review"
    _description = "Qualification Review"
    _order = "qualification_id, id desc"

    _one_pending_per_type = models.UniqueIndex(
        "(qualification_id, review_type) WHERE state = 'pending'",
        "A certificate has one pending review per department.",
    )

    qualification_id = fields.Many2one(
        "sales.qualification", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="qualification_id.company_id", store=True, index=True)
    review_type = fields.Selection(
        [("legal", "Legal"), ("finance", "Finance"), ("technical", "Technical")],
        string="Department",
        required=True,
        readonly=True,
    )
    reviewer_id = fields.Many2one(
        "res.users",
        index=True,
        help="Who decides this review; when empty, any qualification manager.",
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    comment = fields.Text(readonly=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decision_date = fields.Datetime(readonly=True)

    # === CRUD === #
    def write(self, vals):
        # Decisions are recorded by action_approve / action_reject only; a manager may still
        # hand a pending review to another reviewer.
        if not self.env.su and (
            vals.keys() - {"reviewer_id"} or any(r.state != "pending" for r in self)
        ):
            raise UserError(
                self.env._("A review is decided with its Approve and Reject buttons only.")
            )
        return super().write(vals)

    # === ACTIONS === #
    def _review_type_label(self, user=None):
        self.ensure_one()
        env = self.qualification_id._lang_env(user) if user else self.env
        return dict(self._fields["review_type"]._description_selection(env))[self.review_type]

    def _check_can_decide(self):
        is_manager = self.env.user.has_group(GROUP_MANAGER)
        for review in self:
            if review.state != "pending" or review.qualification_id.state != "review":
                raise UserError(self.env._("This review has already been decided."))
            if not self.env.su and not is_manager and review.reviewer_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(reviewer)s or a qualification manager may decide this review.",
                        reviewer=review.reviewer_id.name or self.env._("the reviewer"),
                    )
                )

    def _decide(self, state, comment):
        self.sudo().write(
            {
                "state": state,
                "comment": comment or False,
                "decided_by_id": self.env.uid,
                "decision_date": fields.Datetime.now(),
            }
        )

    def action_approve(self, comment=None):
        self._check_can_decide()
        self._decide("approved", comment)
        self.qualification_id._on_review_decided()
        return True

    def action_reject(self, comment=None):
        """Reject with a comment: the certificate goes back to draft to be corrected."""
        if not (comment or "").strip():
            raise UserError(self.env._("Say why the review is rejected."))
        self._check_can_decide()
        self._decide("rejected", comment)
        for review in self:
            review.qualification_id._return_from_review(review, comment)
        return True

    def action_open_decision_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review Decision"),
            "res_model": "sales.qualification.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_review_id": self.id,
                "default_decision": self.env.context.get("decision", "approve"),
            },
        }
