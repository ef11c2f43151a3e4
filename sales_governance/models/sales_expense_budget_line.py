from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# Expense states that hold a commitment on the budget, and those that spent it.
COMMITTED_STATES = ("submitted", "approved")
ACTUAL_STATES = ("posted", "in_payment", "paid")


class SalesExpenseBudgetLine(models.Model):
    """What a budget plans for one expense category, and what its expenses took.

    committed: expenses submitted or approved, not yet posted; actual: posted, in payment or
    paid. Refused or reset expenses hold nothing. The amounts are stored so that the budget
    check of an expense and the reports read them at once.
    """

    _name = "sales.expense.budget.line"
    _inherit = ["sales.workflow.mixin"]
    _description = "Sales Expense Budget Line"
    _order = "budget_id, category_sequence, id"

    # === FIELDS === #
    budget_id = fields.Many2one(
        "sales.expense.budget", required=True, index=True, ondelete="cascade"
    )
    category_id = fields.Many2one("sales.expense.category", required=True, ondelete="restrict")
    category_sequence = fields.Integer(related="category_id.sequence", store=True)
    team_id = fields.Many2one(related="budget_id.team_id", store=True, index=True)
    user_id = fields.Many2one(related="budget_id.user_id", store=True)
    date_from = fields.Date(related="budget_id.date_from", store=True)
    date_to = fields.Date(related="budget_id.date_to", store=True)
    state = fields.Selection(related="budget_id.state", store=True, string="Budget Status")
    company_id = fields.Many2one(related="budget_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    planned_amount = fields.Monetary(string="Planned", currency_field="currency_id")
    increase_ids = fields.One2many(
        "sales.expense.budget.increase", "budget_line_id", string="Increases"
    )
    expense_ids = fields.One2many("hr.expense", "budget_line_id", string="Expenses")
    increase_amount = fields.Monetary(
        string="Approved Increases",
        compute="_compute_increase_amount",
        store=True,
        currency_field="currency_id",
    )
    committed_amount = fields.Monetary(
        string="Committed",
        compute="_compute_expense_amounts",
        store=True,
        currency_field="currency_id",
        help="Expenses submitted or approved, not yet posted.",
    )
    actual_amount = fields.Monetary(
        string="Actual",
        compute="_compute_expense_amounts",
        store=True,
        currency_field="currency_id",
        help="Expenses posted, in payment or paid.",
    )
    remaining_amount = fields.Monetary(
        string="Remaining",
        compute="_compute_remaining",
        store=True,
        currency_field="currency_id",
    )
    consumed_percent = fields.Float(
        string="Consumed (%)", compute="_compute_remaining", store=True, digits=(16, 1)
    )

    _budget_category_uniq = models.UniqueIndex(
        "(budget_id, category_id)", "A budget has one line per expense category."
    )
    _lookup_idx = models.Index("(category_id, budget_id)")

    # === COMPUTES === #
    @api.depends("increase_ids.state", "increase_ids.amount")
    def _compute_increase_amount(self):
        for line in self:
            line.increase_amount = sum(
                line.increase_ids.filtered(lambda i: i.state == "approved").mapped("amount")
            )

    @api.depends("expense_ids.state", "expense_ids.total_amount")
    def _compute_expense_amounts(self):
        for line in self:
            expenses = line.expense_ids
            line.committed_amount = sum(
                expenses.filtered(lambda e: e.state in COMMITTED_STATES).mapped("total_amount")
            )
            line.actual_amount = sum(
                expenses.filtered(lambda e: e.state in ACTUAL_STATES).mapped("total_amount")
            )

    @api.depends("planned_amount", "increase_amount", "committed_amount", "actual_amount")
    def _compute_remaining(self):
        for line in self:
            available = line.planned_amount + line.increase_amount
            spent = line.committed_amount + line.actual_amount
            line.remaining_amount = available - spent
            line.consumed_percent = 100.0 * spent / available if available else 0.0

    @api.depends("budget_id.name", "category_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.budget_id.name} / {line.category_id.name}"

    # === CONSTRAINTS === #
    @api.constrains("planned_amount")
    def _check_planned_amount(self):
        for line in self:
            if line.planned_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The planned amount of %s cannot be negative.", line.category_id.name
                    )
                )

    @api.constrains("budget_id", "category_id")
    def _check_one_line_per_category(self):
        for line in self:
            twins = line.budget_id.line_ids.filtered(
                lambda other, line=line: other.category_id == line.category_id
            )
            if len(twins) > 1:
                raise ValidationError(
                    self.env._(
                        "Budget %(budget)s already has a line for %(category)s.",
                        budget=line.budget_id.name,
                        category=line.category_id.name,
                    )
                )

    # === WORKFLOW GUARD HOOKS === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "increase_amount",
            "committed_amount",
            "actual_amount",
            "remaining_amount",
            "consumed_percent",
            "category_sequence",
            "team_id",
            "user_id",
            "date_from",
            "date_to",
            "company_id",
        }

    def _get_workflow_locked(self):
        return self.filtered(lambda line: line.budget_id.state != "draft")

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        # one line per category: say so before the unique index does, in the user's words
        keys = [(vals.get("budget_id"), vals.get("category_id")) for vals in vals_list]
        existing = self.sudo().search_fetch(
            [("budget_id", "in", [key[0] for key in keys if key[0]])], ["category_id"]
        )
        taken = {(line.budget_id.id, line.category_id.id) for line in existing}
        for key in keys:
            if key in taken:
                raise ValidationError(
                    self.env._(
                        "Budget %(budget)s already has a line for %(category)s.",
                        budget=self.env["sales.expense.budget"].browse(key[0]).sudo().name,
                        category=self.env["sales.expense.category"].browse(key[1]).sudo().name,
                    )
                )
            taken.add(key)
        lines = super().create(vals_list)
        if self._is_workflow_client():
            locked = lines.filtered(lambda line: line.budget_id.state != "draft")
            if locked:
                raise UserError(locked[:1].budget_id._get_workflow_lock_message())
        return lines

    # === BUSINESS METHODS === #
    def _lock_for_expenses(self):
        """Lock the lines while an expense is checked against them and booked: a second
        expense waits for the first transaction. PostgreSQL then refuses the waiting
        transaction (serialization failure: the line changed since it started), and Odoo
        runs the request again, whose check sees what the first expense took."""
        if not self.ids:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sales_expense_budget_line WHERE id IN %s "
                "ORDER BY id FOR NO KEY UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()
