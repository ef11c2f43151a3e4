from odoo import models


class SalesKpiIndicator(models.Model):
    """The expense ratio, read from the sales expenses of the budgets."""

    _inherit = "sales.kpi.indicator"

    def _kpi_source_expense_ratio(self, date_from, date_to, members, cache, teams):
        """Committed + actual sales expenses ÷ sales, in % like the indicator's unit and its
        targets (the budget feed's own ratio is a fraction, so the amounts are read here).
        Expenses without any sale count against one unit of sales: far above any target."""
        expenses = self._kpi_feed(
            self.env["hr.expense"]._kpi_expense_amount, date_from, date_to, members
        )
        orders = self._kpi_orders(date_from, date_to, members, cache)
        return {
            subject: amount * 100.0 / max(orders.get(subject, (0.0,))[0], 1.0)
            for subject, amount in expenses.items()
            if amount
        }
