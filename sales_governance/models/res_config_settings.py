from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Customer ownership (SPEC 5.1) ---
    # --- Special contracts (SPEC 5.2) ---
