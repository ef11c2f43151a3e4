from odoo import api, models


class SalesWorkLogLine(models.Model):
    _inherit = "sales.work.log.line"

    @api.model
    def _kpi_visit_count(self, date_from, date_to, user_ids):
        """Visits per representative: visit lines of submitted or reviewed logs dated in
        [date_from, date_to], in one grouped query. Returns ``{user_id: float}``."""
        # sudo: a KPI counts every representative's visits, whatever the reader may read
        groups = self.sudo()._read_group(
            [
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("user_id", "in", list(user_ids)),
                ("contact_type", "=", "visit"),
                ("log_state", "in", ("submitted", "reviewed")),
            ],
            groupby=["user_id"],
            aggregates=["__count"],
        )
        return {user.id: float(count) for user, count in groups}
