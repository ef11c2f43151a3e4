from odoo import fields, models, tools
from odoo.tools import SQL

from .sales_expense_budget_line import ACTUAL_STATES, COMMITTED_STATES


class SalesExpenseBudgetReport(models.Model):
    """Budget against actual, by team, salesperson, category and month (like ``sale.report``).

    One row per budget line for what it plans (dated on the first day of the budget), and one
    per expense booked on a line for what was committed or spent (dated on the expense).
    """

    _name = "sales.expense.budget.report"
    _description = "Sales Expense Budget Analysis"
    _auto = False
    _rec_name = "date"
    _order = "date desc"

    budget_id = fields.Many2one("sales.expense.budget", string="Expense Budget", readonly=True)
    budget_line_id = fields.Many2one("sales.expense.budget.line", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    category_id = fields.Many2one("sales.expense.category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(readonly=True)
    budget_state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("closed", "Closed"),
        ],
        readonly=True,
    )
    planned_amount = fields.Monetary(string="Budget", readonly=True)
    committed_amount = fields.Monetary(string="Committed", readonly=True)
    actual_amount = fields.Monetary(string="Actual", readonly=True)
    spent_amount = fields.Monetary(
        string="Committed + Actual", readonly=True, help="Committed plus actual."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT l.id * 2 AS id,
                           b.id AS budget_id, l.id AS budget_line_id, b.team_id,
                           b.user_id, l.category_id, b.company_id, b.date_from AS date,
                           b.state AS budget_state,
                           l.planned_amount + l.increase_amount AS planned_amount,
                           0.0 AS committed_amount, 0.0 AS actual_amount, 0.0 AS spent_amount
                      FROM sales_expense_budget_line l
                      JOIN sales_expense_budget b ON b.id = l.budget_id
                    UNION ALL
                    SELECT e.id * 2 + 1,
                           b.id, l.id, b.team_id, b.user_id, l.category_id, b.company_id,
                           e.date, b.state,
                           0.0,
                           CASE WHEN e.state IN %(committed)s THEN e.budget_amount ELSE 0 END,
                           CASE WHEN e.state IN %(actual)s THEN e.budget_amount ELSE 0 END,
                           e.budget_amount
                      FROM hr_expense e
                      JOIN sales_expense_budget_line l ON l.id = e.budget_line_id
                      JOIN sales_expense_budget b ON b.id = l.budget_id
                     WHERE e.state IN %(spending)s
                )
                """,
                table=SQL.identifier(self._table),
                committed=COMMITTED_STATES,
                actual=ACTUAL_STATES,
                spending=COMMITTED_STATES + ACTUAL_STATES,
            )
        )
