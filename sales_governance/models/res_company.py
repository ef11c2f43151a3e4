from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Customer ownership (SPEC 5.1) ---
    # --- Special contracts (SPEC 5.2) ---
