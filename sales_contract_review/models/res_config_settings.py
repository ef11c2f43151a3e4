from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Special contracts ---
    contract_max_discount = fields.Float(related="company_id.contract_max_discount", readonly=False)
    contract_standard_payment_days = fields.Integer(
        related="company_id.contract_standard_payment_days", readonly=False
    )
