from odoo import api, models


class SalesRevisit(models.Model):
    _inherit = "sales.revisit"

    @api.model
    def _kpi_satisfaction(self, date_from, date_to, user_ids):
        """Satisfaction per representative of the revisits done in [date_from, date_to], in
        one grouped query, as ``{user_id: (sum of the scores, number of revisits)}``: the
        mean of a rep, or of a whole team, is the sum of sums over the sum of counts."""
        # sudo: a KPI counts every representative's revisits, whatever the reader may read
        groups = self.sudo()._read_group(
            [
                ("state", "=", "done"),
                ("done_date", ">=", date_from),
                ("done_date", "<=", date_to),
                ("user_id", "in", list(user_ids)),
                ("satisfaction", ">", 0),
            ],
            groupby=["user_id"],
            aggregates=["satisfaction:sum", "__count"],
        )
        return {user.id: (float(total or 0.0), count) for user, total, count in groups}
