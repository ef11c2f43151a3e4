from odoo import fields, models, tools


class SalesKpiAnalysis(models.Model):
    """Scores by team, indicator and period: the scorecard lines with their scorecard's keys,
    as a view (the lines do not store copies of them)."""

    _name = "sales.kpi.analysis"
    _description = "KPI Score Analysis"
    _auto = False
    _order = "date_from desc, team_id, user_id"
    _rec_name = "indicator_id"

    scorecard_id = fields.Many2one("sales.kpi.scorecard", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", readonly=True)
    template_id = fields.Many2one("sales.kpi.template", readonly=True)
    indicator_id = fields.Many2one("sales.kpi.indicator", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_from = fields.Date(string="Period", readonly=True)
    state = fields.Selection(
        lambda self: self.env["sales.kpi.scorecard"]._fields["state"].selection, readonly=True
    )
    weight = fields.Float(readonly=True, aggregator="avg")
    target_value = fields.Float(string="Target", readonly=True, aggregator="avg")
    actual_value = fields.Float(string="Actual", readonly=True, aggregator="sum")
    achievement = fields.Float(string="Achievement (%)", readonly=True, aggregator="avg")
    score = fields.Float(readonly=True, aggregator="avg")
    weighted_score = fields.Float(readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT l.id, l.scorecard_id, s.user_id, s.team_id, s.template_id,
                       l.indicator_id, s.company_id, s.date_from, s.state, l.weight,
                       l.target_value, l.actual_value, l.achievement, l.score, l.weighted_score
                  FROM sales_kpi_scorecard_line l
                  JOIN sales_kpi_scorecard s ON s.id = l.scorecard_id
            )
            """
        )
