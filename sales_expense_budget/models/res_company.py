from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

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
