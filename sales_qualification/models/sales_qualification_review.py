from odoo import fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

STATES = [
    ("pending", "Pending"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class SalesQualificationReview(models.Model):
    """The legal, finance and technical reviews of a certificate, one line per review.

    A read-only view of the certificate's ``tier.review`` records (the OCA validation
    engine runs the reviews; their tiers are edited in Configuration › Review Tiers), with
    each tier's department. ``action_approve`` and ``action_reject`` decide one review through
    the engine, as the current user.
    """

    _name = "sales.qualification.review"
    _description = "Qualification Review"
    _auto = False
    _order = "qualification_id, sequence, id"
    _depends = {
        "tier.review": ["model", "res_id", "definition_id", "sequence", "status", "comment"]
        + ["done_by", "reviewed_date"],
        "tier.definition": ["qualification_review_type", "review_type", "reviewer_id"],
        "sales.qualification": ["company_id"],
    }

    tier_review_id = fields.Many2one("tier.review", string="Review", readonly=True)
    qualification_id = fields.Many2one("sales.qualification", string="Certificate", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    name = fields.Char(related="tier_review_id.name", string="Tier")
    sequence = fields.Integer(readonly=True)
    review_type = fields.Selection(
        [("legal", "Legal"), ("finance", "Finance"), ("technical", "Technical")],
        string="Department",
        readonly=True,
    )
    reviewer_id = fields.Many2one(
        "res.users",
        readonly=True,
        help="Who decides this review; when empty, any member of the tier's group.",
    )
    reviewer_ids = fields.Many2many(related="tier_review_id.reviewer_ids", string="Reviewers")
    todo_by = fields.Char(related="tier_review_id.todo_by", string="To Do By")
    state = fields.Selection(STATES, readonly=True)
    comment = fields.Char(readonly=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decision_date = fields.Datetime(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT review.id AS id,
                           review.id AS tier_review_id,
                           review.res_id AS qualification_id,
                           qualification.company_id AS company_id,
                           review.sequence AS sequence,
                           definition.qualification_review_type AS review_type,
                           CASE WHEN definition.review_type = 'individual'
                                THEN definition.reviewer_id END AS reviewer_id,
                           CASE review.status
                                WHEN 'waiting' THEN 'pending'
                                WHEN 'pending' THEN 'pending'
                                WHEN 'approved' THEN 'approved'
                                WHEN 'rejected' THEN 'rejected'
                                ELSE 'cancelled' END AS state,
                           review.comment AS comment,
                           review.done_by AS decided_by_id,
                           review.reviewed_date AS decision_date
                      FROM tier_review review
                      JOIN tier_definition definition ON definition.id = review.definition_id
                      JOIN sales_qualification qualification ON qualification.id = review.res_id
                     WHERE review.model = 'sales.qualification'
                )
                """,
                view=SQL.identifier(self._table),
            )
        )

    # === ACTIONS === #
    def action_approve(self, comment=None):
        """Approve these reviews as the current user."""
        for review in self:
            review.qualification_id._decide_reviews(review.tier_review_id, True, comment)
        return True

    def action_reject(self, comment=None):
        """Reject with a comment: the certificate goes back to draft to be corrected."""
        if not (comment or "").strip():
            raise UserError(self.env._("Say why the review is rejected."))
        for review in self:
            review.qualification_id._decide_reviews(review.tier_review_id, False, comment)
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
