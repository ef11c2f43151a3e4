from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


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

    @api.constrains(
        "protection_days",
        "release_warning_days",
        "max_customers_per_rep",
        "max_claims_per_day",
        "reclaim_cooldown_days",
        "access_request_days",
        "key_customer_amount",
        "general_customer_amount",
    )
    def _check_ownership_settings(self):
        for company in self:
            if company.protection_days <= 0:
                raise ValidationError(self.env._("Protection days must be positive."))
            numbers = (
                company.release_warning_days,
                company.max_customers_per_rep,
                company.max_claims_per_day,
                company.reclaim_cooldown_days,
                company.access_request_days,
                company.key_customer_amount,
                company.general_customer_amount,
            )
            if any(number < 0 for number in numbers):
                raise ValidationError(self.env._("Ownership settings cannot be negative."))
            if company.general_customer_amount > company.key_customer_amount:
                raise ValidationError(
                    self.env._("A key customer must buy more than a general customer.")
                )

    @api.constrains("contract_max_discount", "contract_standard_payment_days")
    def _check_contract_settings(self):
        for company in self:
            if not 0 <= company.contract_max_discount <= 100:
                raise ValidationError(
                    self.env._("The maximum discount is a percentage between 0 and 100.")
                )
            if company.contract_standard_payment_days < 0:
                raise ValidationError(self.env._("Standard payment days cannot be negative."))

    def write(self, vals):
        res = super().write(vals)
        if "protection_days" in vals:
            self._recompute_protection_end_dates()
        return res

    def _recompute_protection_end_dates(self):
        """New protection days apply to every owned customer without a class of its own:
        one UPDATE, not a recompute record by record."""
        self.env.flush_all()
        for company in self:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET protection_end_date =
                           COALESCE(p.last_maintenance_date, p.ownership_date)::date + %(days)s
                      FROM res_users u
                     WHERE u.id = p.user_id
                       AND p.ownership_state IN ('protected', 'stale')
                       AND COALESCE(p.company_id, u.company_id) = %(company)s
                       AND NOT EXISTS (
                           SELECT 1 FROM sales_customer_class c
                            WHERE c.id = p.customer_class_id AND c.protection_days > 0)
                    """,
                    days=company.protection_days,
                    company=company.id,
                )
            )
        self.env["res.partner"].invalidate_model(["protection_end_date"])
