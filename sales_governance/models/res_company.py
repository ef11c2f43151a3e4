from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Customer ownership (SPEC 5.1) ---
    protection_days = fields.Integer(
        default=90, help="Days a customer stays protected after its last maintenance."
    )
    release_warning_days = fields.Integer(
        default=7, help="Days before the end of protection when the owner is warned."
    )
    auto_release = fields.Boolean(
        help="Return unmaintained customers to the public pool at once instead of asking the "
        "manager."
    )
    max_customers_per_rep = fields.Integer(
        default=0, help="Most protected customers one representative may hold; 0 for no limit."
    )
    max_claims_per_day = fields.Integer(
        default=0,
        help="Most customers one representative may register or claim a day; 0 for no limit.",
    )
    reclaim_cooldown_days = fields.Integer(
        default=30,
        help="Days before a representative may claim again a customer they released or lost.",
    )
    access_request_days = fields.Integer(
        default=30, help="Days an approved collaboration request stays valid."
    )
    key_customer_amount = fields.Monetary(
        default=1000000.0,
        currency_field="currency_id",
        help="Sales of the last 12 months from which a customer is a key customer.",
    )
    general_customer_amount = fields.Monetary(
        default=100000.0,
        currency_field="currency_id",
        help="Sales of the last 12 months from which a customer is a general customer; "
        "below it, a scattered one.",
    )
    # --- Special contracts (SPEC 5.2) ---
    contract_max_discount = fields.Float(
        default=10.0,
        digits="Discount",
        help="Highest line discount (%) a representative may give without a special "
        "contract review; product categories may set their own.",
    )
    contract_standard_payment_days = fields.Integer(
        default=30,
        help="Payment terms longer than this many days make a special contract, reviewed "
        "by finance.",
    )
