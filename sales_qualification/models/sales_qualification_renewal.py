from odoo import fields, models


class SalesQualificationRenewal(models.Model):
    """History of renewals: written by the renewal wizard, read-only for everybody."""

    _name = "sales.qualification.renewal"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Qualification Renewal"
    _order = "renewal_date desc, id desc"

    qualification_id = fields.Many2one(
        "sales.qualification", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="qualification_id.company_id", store=True, index=True)
    renewal_date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Renewed By", required=True)
    old_number = fields.Char(string="Previous Number")
    new_number = fields.Char()
    old_issue_date = fields.Date(string="Previous Issue Date")
    old_expiry_date = fields.Date(string="Previous Expiry Date")
    new_issue_date = fields.Date(required=True)
    new_expiry_date = fields.Date(required=True)
    note = fields.Text()
