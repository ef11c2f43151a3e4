from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_overdue_days = fields.Integer(related="company_id.credit_overdue_days", readonly=False)
    collection_remind_days = fields.Integer(
        related="company_id.collection_remind_days", readonly=False
    )
    collection_escalate_days = fields.Integer(
        related="company_id.collection_escalate_days", readonly=False
    )
