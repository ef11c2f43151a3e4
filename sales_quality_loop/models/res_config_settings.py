from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Work logs, revisits and complaints ---
    revisit_offsets = fields.Char(related="company_id.revisit_offsets", readonly=False)
    complaint_sla_hours_low = fields.Integer(
        related="company_id.complaint_sla_hours_low", readonly=False
    )
    complaint_sla_hours_medium = fields.Integer(
        related="company_id.complaint_sla_hours_medium", readonly=False
    )
    complaint_sla_hours_high = fields.Integer(
        related="company_id.complaint_sla_hours_high", readonly=False
    )
