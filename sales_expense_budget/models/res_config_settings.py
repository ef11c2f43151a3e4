from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
