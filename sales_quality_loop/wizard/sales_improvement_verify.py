from odoo import fields, models


class SalesImprovementVerify(models.TransientModel):
    """The manager's verdict on a corrective action, with a note (calls ``action_verify``)."""

    _name = "sales.improvement.verify"
    _description = "Verify a Corrective Action"
    # For its value checks: a note the database cannot store gets a clear error.
    _inherit = ["sales.workflow.mixin"]

    action_id = fields.Many2one("sales.improvement.action", required=True, ondelete="cascade")
    effective = fields.Selection(
        [("yes", "Effective"), ("no", "Not effective: open a follow-up action")],
        default="yes",
        required=True,
    )
    note = fields.Text(string="Verification", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.action_id.action_verify(self.effective == "yes", self.note)
        return {"type": "ir.actions.act_window_close"}
