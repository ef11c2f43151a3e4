from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Customer ownership ---
    protection_days = fields.Integer(related="company_id.protection_days", readonly=False)
    release_warning_days = fields.Integer(related="company_id.release_warning_days", readonly=False)
    auto_release = fields.Boolean(related="company_id.auto_release", readonly=False)
    max_customers_per_rep = fields.Integer(
        related="company_id.max_customers_per_rep", readonly=False
    )
    max_claims_per_day = fields.Integer(related="company_id.max_claims_per_day", readonly=False)
    reclaim_cooldown_days = fields.Integer(
        related="company_id.reclaim_cooldown_days", readonly=False
    )
    access_request_days = fields.Integer(related="company_id.access_request_days", readonly=False)
    key_customer_amount = fields.Monetary(related="company_id.key_customer_amount", readonly=False)
    general_customer_amount = fields.Monetary(
        related="company_id.general_customer_amount", readonly=False
    )
