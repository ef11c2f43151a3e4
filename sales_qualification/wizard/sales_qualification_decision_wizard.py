from odoo import fields, models
from odoo.exceptions import UserError


class SalesQualificationDecisionWizard(models.TransientModel):
    """Approve or reject a review or a borrow request, with a comment."""

    _name = "sales.qualification.decision.wizard"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Qualification Decision"

    review_id = fields.Many2one("sales.qualification.review", ondelete="cascade")
    borrow_id = fields.Many2one(
        "sales.qualification.borrow", string="Borrow Request", ondelete="cascade"
    )
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], required=True, default="approve"
    )
    comment = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        target = self.review_id or self.borrow_id
        if not target:
            raise UserError(self.env._("Nothing to decide on."))
        if self.decision == "approve":
            target.action_approve(comment=self.comment)
        else:
            target.action_reject(comment=self.comment)
        return {"type": "ir.actions.act_window_close"}
