from datetime import timedelta

from odoo import fields, models


class SalesWorkLogLate(models.TransientModel):
    """The manager lets a representative write a work log after its day, with a reason
    (calls ``sales.work.log._allow_late_entry``)."""

    _name = "sales.work.log.late"
    _description = "Allow a Late Work Log"
    # For its value checks: a reason the database cannot store gets a clear error.
    _inherit = ["sales.workflow.mixin"]

    user_id = fields.Many2one("res.users", string="Representative", required=True)
    date = fields.Date(
        string="Day of the Log",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=1),
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        log = self.env["sales.work.log"]._allow_late_entry(self.user_id, self.date, self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sales.work.log",
            "res_id": log.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
