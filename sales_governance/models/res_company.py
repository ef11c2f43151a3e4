from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import DEFAULT_PROTECTION_DAYS, OWNED_STATES


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Customer ownership ---
    protection_days = fields.Integer(
        default=DEFAULT_PROTECTION_DAYS,
        help="Days a customer stays protected after its last maintenance.",
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

    @api.model_create_multi
    def create(self, vals_list):
        # A company's own partner is no customer: it stays outside the ownership lock.
        # (Imported here: importing the module above would reorder the partner's classes.)
        from .res_partner_duplicate import creating_non_customers

        with creating_non_customers():
            return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if "protection_days" in vals:
            self._recompute_protection_end_dates()
        return res

    def _recompute_protection_end_dates(self):
        """New protection days apply to every owned customer of the company: the partner's
        own compute decides the dates (one source), written in batches by the ORM."""
        partners = (
            # sudo: every owned customer of the company, also those the settings admin may not read
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("ownership_state", "in", OWNED_STATES),
                    ("protection_end_date", "!=", False),
                    "|",
                    ("company_id", "in", self.ids),
                    "&",
                    ("company_id", "=", False),
                    ("user_id.company_id", "in", self.ids),
                ]
            )
        )
        self.env.add_to_compute(partners._fields["protection_end_date"], partners)
        partners.flush_recordset(["protection_end_date"])
