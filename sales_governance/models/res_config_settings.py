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
    # --- Special contracts ---
    contract_max_discount = fields.Float(related="company_id.contract_max_discount", readonly=False)
    contract_standard_payment_days = fields.Integer(
        related="company_id.contract_standard_payment_days", readonly=False
    )
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
    # --- Sales expense budgets ---
    expense_budget_policy = fields.Selection(
        related="company_id.expense_budget_policy", readonly=False
    )
    expense_budget_required = fields.Boolean(
        related="company_id.expense_budget_required", readonly=False
    )
    expense_increase_finance_threshold = fields.Monetary(
        related="company_id.expense_increase_finance_threshold", readonly=False
    )
