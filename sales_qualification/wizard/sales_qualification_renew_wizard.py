from odoo import api, fields, models


class SalesQualificationRenewWizard(models.TransientModel):
    _name = "sales.qualification.renew.wizard"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Renew Qualification"

    qualification_id = fields.Many2one("sales.qualification", required=True, ondelete="cascade")
    number = fields.Char(
        string="Certificate Number",
        compute="_compute_number",
        store=True,
        readonly=False,
        precompute=True,
    )
    issue_date = fields.Date(required=True, default=fields.Date.context_today)
    expiry_date = fields.Date(required=True)
    note = fields.Text()

    @api.depends("qualification_id")
    def _compute_number(self):
        for wizard in self:
            wizard.number = wizard.qualification_id.number

    def action_confirm(self):
        self.ensure_one()
        self.qualification_id._renew(self.number, self.issue_date, self.expiry_date, self.note)
        return {"type": "ir.actions.act_window_close"}
