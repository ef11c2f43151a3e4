from odoo import api, models
from odoo.addons.sales_expense_budget.models.hr_expense import SPENDING_STATES
from odoo.tools import SQL


class HrExpense(models.Model):
    _inherit = "hr.expense"

    @api.model
    def _kpi_expense_query(self, date_from, date_to):
        """Committed and actual sales expenses per salesperson, in company currency at the
        company's rates (as the budget counts them)."""
        return SQL(
            """
            SELECT emp.user_id AS user_id, SUM(e.budget_amount) AS amount
              FROM hr_expense e
              JOIN hr_employee emp ON emp.id = e.employee_id
              JOIN product_product p ON p.id = e.product_id
             WHERE p.sales_expense_category_id IS NOT NULL
               AND e.state IN %(spending)s
               AND e.date BETWEEN %(date_from)s AND %(date_to)s
               AND e.company_id IN %(companies)s
               AND emp.user_id IS NOT NULL
             GROUP BY emp.user_id
            """,
            spending=SPENDING_STATES,
            date_from=date_from,
            date_to=date_to,
            companies=tuple(self.env.companies.ids),
        )

    @api.model
    def _kpi_expense_amount(self, date_from, date_to, user_ids):
        """{user id: committed + actual sales expenses dated in the period}, company currency."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT x.user_id, x.amount FROM (%s) x WHERE x.user_id = ANY(%s)",
                self._kpi_expense_query(date_from, date_to),
                list(user_ids),
            )
        )
        result = dict.fromkeys(user_ids, 0.0)
        result.update(dict(self.env.cr.fetchall()))
        return result
