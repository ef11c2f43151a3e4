from datetime import timedelta

from odoo import api, fields, models


class SalesComplaint(models.Model):
    _inherit = "sales.complaint"

    @api.model
    def _kpi_complaint_count(self, date_from, date_to, user_ids):
        """Complaints per customer owner received in [date_from, date_to] (whole days), in one
        grouped query. Returns ``{user_id: float}``."""
        start = fields.Datetime.to_datetime(fields.Date.to_date(date_from))
        end = fields.Datetime.to_datetime(fields.Date.to_date(date_to)) + timedelta(days=1)
        # sudo: a KPI counts every owner's complaints, whatever the reader may read
        groups = self.sudo()._read_group(
            [
                ("received_date", ">=", start),
                ("received_date", "<", end),
                ("user_id", "in", list(user_ids)),
            ],
            groupby=["user_id"],
            aggregates=["__count"],
        )
        return {user.id: float(count) for user, count in groups}
