from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class SalesKpiScorecardGenerate(models.TransientModel):
    """Scorecards of a period for whole teams at once, computed and ranked."""

    _name = "sales.kpi.scorecard.generate"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Generate KPI Scorecards"

    template_id = fields.Many2one(
        "sales.kpi.template",
        required=True,
        default=lambda self: self.env["sales.kpi.template"].search([("tier", "=", "rep")], limit=1),
    )
    period_date = fields.Date(
        string="Period",
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=1),
        help="Any day of the period to appraise.",
    )
    date_from = fields.Date(compute="_compute_dates", store=True, readonly=False, precompute=True)
    date_to = fields.Date(compute="_compute_dates", store=True, readonly=False, precompute=True)
    team_ids = fields.Many2many(
        "crm.team",
        string="Teams",
        required=True,
        default=lambda self: self.env["crm.team"].search([("user_id", "=", self.env.uid)]),
    )

    @api.depends("template_id", "period_date")
    def _compute_dates(self):
        for wizard in self:
            if wizard.template_id and wizard.period_date:
                wizard.date_from, wizard.date_to = wizard.template_id._get_period(
                    wizard.period_date
                )

    def action_generate(self):
        self.ensure_one()
        self.env["sales.kpi.period.mixin"]._check_period_dates(
            self.date_from, self.date_to, self.env["sales.kpi.scorecard"]._description
        )
        user = self.env.user
        if not user._is_sales_director():
            foreign = self.team_ids.filtered(lambda team: team.user_id != user)
            if foreign or not user.has_group("sales_governance.group_sales_manager"):
                raise AccessError(
                    self.env._(
                        "A manager generates the scorecards of the teams they lead only; a "
                        "sales director those of any team."
                    )
                )
        scorecards = self.env["sales.kpi.scorecard"]._generate(
            self.template_id, self.date_from, self.date_to, self.team_ids
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_kpi.sales_kpi_scorecard_action_leaderboard"
        )
        action["domain"] = [("id", "in", scorecards.ids)]
        action["context"] = {}
        return action
