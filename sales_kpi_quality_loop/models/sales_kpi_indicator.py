from odoo import models


class SalesKpiIndicator(models.Model):
    """Satisfaction, complaint rate and visits, read from the quality loop."""

    _inherit = "sales.kpi.indicator"

    def _kpi_source_complaint_rate(self, date_from, date_to, members, cache, teams):
        """Complaints received ÷ confirmed orders (%), both in the period. Complaints without
        any order in the period count against one order."""
        complaints = self._kpi_feed(
            self.env["sales.complaint"]._kpi_complaint_count, date_from, date_to, members
        )
        orders = self._kpi_orders(date_from, date_to, members, cache)
        return {
            subject: count * 100.0 / max(orders.get(subject, (0.0, 0.0, 0.0))[2], 1.0)
            for subject, count in complaints.items()
            if count
        }

    def _kpi_source_satisfaction(self, date_from, date_to, members, cache, teams):
        """Mean satisfaction (1–5) of the revisits the rep did in the period."""
        totals = self._kpi_feed(
            self.env["sales.revisit"]._kpi_satisfaction, date_from, date_to, members
        )
        return {subject: total / count for subject, (total, count) in totals.items() if count}

    def _kpi_source_visits(self, date_from, date_to, members, cache, teams):
        """Visit lines of the rep's submitted or reviewed work logs dated in the period."""
        return self._kpi_feed(
            self.env["sales.work.log.line"]._kpi_visit_count, date_from, date_to, members
        )
