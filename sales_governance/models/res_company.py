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
    # --- Special contracts ---
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

    # --- Sales expense budgets ---
    expense_budget_policy = fields.Selection(
        [("block", "Block"), ("warn", "Warn")],
        default="block",
        required=True,
        help="Block: an expense beyond what its budget line has left cannot be submitted or "
        "approved. Warn: it can, with a warning in its chatter and an activity for the "
        "team's manager.",
    )
    expense_budget_required = fields.Boolean(
        string="Refuse Expenses Without Budget",
        help="A salesperson's expense in a budget category with no approved budget for its "
        "date is refused.",
    )
    expense_increase_finance_threshold = fields.Monetary(
        default=50000.0,
        currency_field="currency_id",
        help="Budget increases from this amount are reviewed by finance after the sales "
        "director. 0: never.",
    )

    @api.constrains("expense_budget_policy", "expense_increase_finance_threshold")
    def _check_expense_budget_settings(self):
        for company in self:
            if company.expense_budget_policy not in ("block", "warn"):
                raise ValidationError(
                    self.env._("The expense budget policy is either block or warn.")
                )
            if company.expense_increase_finance_threshold < 0:
                raise ValidationError(
                    self.env._("The finance threshold for budget increases cannot be negative.")
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

    # --- Work logs, revisits and complaints ---
    revisit_offsets = fields.Char(
        string="Revisit Days",
        default="30,90",
        help="Days after full delivery when the owner revisits the customer, separated by commas.",
    )
    complaint_sla_hours_low = fields.Integer(
        string="Response Hours (Low Severity)",
        default=72,
        help="Hours to resolve a complaint of low severity.",
    )
    complaint_sla_hours_medium = fields.Integer(
        string="Response Hours (Medium Severity)",
        default=24,
        help="Hours to resolve a complaint of medium severity.",
    )
    complaint_sla_hours_high = fields.Integer(
        string="Response Hours (High Severity)",
        default=8,
        help="Hours to resolve a complaint of high severity.",
    )

    @api.constrains(
        "revisit_offsets",
        "complaint_sla_hours_low",
        "complaint_sla_hours_medium",
        "complaint_sla_hours_high",
    )
    def _check_service_loop_settings(self):
        for company in self:
            company._get_revisit_offsets()
            hours = (
                company.complaint_sla_hours_low,
                company.complaint_sla_hours_medium,
                company.complaint_sla_hours_high,
            )
            if any(hour <= 0 for hour in hours):
                raise ValidationError(self.env._("Complaint response hours must be positive."))

    def _get_revisit_offsets(self):
        """The revisit offsets in days, sorted; a clear error for anything but whole days."""
        self.ensure_one()
        offsets = set()
        for part in (self.revisit_offsets or "").replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or int(part) <= 0:
                raise ValidationError(
                    self.env._(
                        "Revisit days must be positive whole numbers separated by commas, "
                        'e.g. "30,90"; "%s" is not.',
                        part,
                    )
                )
            offsets.add(int(part))
        return sorted(offsets)
