from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero


class SalesKpiScorecardLine(models.Model):
    """One indicator of a scorecard: its target, what the books say, and the score.

    The numbers are written by the scorecard's computation. The rep's manager enters the score
    of a manual indicator, or adjusts a computed one with a written reason (kept here and in the
    scorecard's chatter), and comments.
    """

    _name = "sales.kpi.scorecard.line"
    _description = "KPI Scorecard Line"
    _inherit = ["sales.workflow.mixin"]
    _order = "scorecard_id, sequence, id"

    # === FIELDS === #
    scorecard_id = fields.Many2one(
        "sales.kpi.scorecard", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    indicator_id = fields.Many2one("sales.kpi.indicator", required=True, ondelete="restrict")
    source = fields.Selection(related="indicator_id.source")
    direction = fields.Selection(related="indicator_id.direction")
    unit = fields.Char(related="indicator_id.unit")
    weight = fields.Float(readonly=True)
    target_value = fields.Float(string="Target", readonly=True)
    score_cap = fields.Float(readonly=True, default=120.0)
    actual_value = fields.Float(string="Actual", readonly=True)
    achievement = fields.Float(string="Achievement (%)", readonly=True, aggregator="avg")
    score = fields.Float(readonly=True, aggregator="avg")
    weighted_score = fields.Float(readonly=True)
    manual_score = fields.Float(
        help="The score of a manual indicator; on a computed one, replaces the computed score "
        "when a reason is given."
    )
    adjust_reason = fields.Text(string="Reason for Adjustment")
    comment = fields.Text()
    source_note = fields.Char(readonly=True)
    # The scorecard's keys, not stored: each stored copy would cost a foreign-key check per
    # line inserted (sales.kpi.analysis groups lines by them).
    user_id = fields.Many2one(related="scorecard_id.user_id")
    team_id = fields.Many2one(related="scorecard_id.team_id")
    template_id = fields.Many2one(related="scorecard_id.template_id")
    date_from = fields.Date(related="scorecard_id.date_from")
    date_to = fields.Date(related="scorecard_id.date_to")
    company_id = fields.Many2one(related="scorecard_id.company_id")
    state = fields.Selection(related="scorecard_id.state")

    # === CONSTRAINTS === #
    @api.constrains("manual_score", "adjust_reason", "score_cap")
    def _check_manual_score(self):
        for line in self:
            if (
                line.manual_score < 0
                or float_compare(line.manual_score, line.score_cap, precision_digits=2) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The score of %(indicator)s must be between 0 and %(cap)s.",
                        indicator=line.indicator_id.name,
                        cap=line.score_cap,
                    )
                )
            if (
                line.source != "manual"
                and not float_is_zero(line.manual_score, precision_digits=2)
                and not (line.adjust_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "%s is computed from the books: write the reason for adjusting its score.",
                        line.indicator_id.name,
                    )
                )

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "scorecard_id",
            "indicator_id",
            "sequence",
            "weight",
            "target_value",
            "score_cap",
            "actual_value",
            "achievement",
            "score",
            "weighted_score",
            "source_note",
            "user_id",
            "team_id",
            "template_id",
            "date_from",
            "date_to",
            "company_id",
        }

    def _get_workflow_locked(self):
        return self.filtered(lambda line: line.scorecard_id.state in ("reviewed", "confirmed"))

    # === CRUD === #
    def write(self, vals):
        scoring = {"manual_score", "adjust_reason"} & vals.keys()
        if self._is_workflow_client() and ({"comment"} | scoring) & vals.keys():
            for scorecard in self.scorecard_id:
                scorecard._check_is_manager()
        before = {line: (line.score, line.manual_score) for line in self} if scoring else {}
        result = super().write(vals)
        if scoring:
            self._rescore(before)
        return result

    # === BUSINESS METHODS === #
    @api.model
    def _score(self, source, direction, actual, target, cap, manual, reason):
        """``(achievement %, score)`` of a line. Higher is better: actual ÷ target; lower is
        better: target ÷ actual, and nothing at all scores the cap. The score stays within
        0 and the cap; a manual indicator, or a reasoned adjustment, scores the manual score.
        The scorecard's computation scores whole scorecards the same way in SQL
        (``sales.kpi.scorecard._compute_kpis``): change both together."""
        if source == "manual":
            score = min(max(manual or 0.0, 0.0), cap)
            return score, score
        if direction == "lower":
            achievement = target * 100.0 / actual if actual > 0 else cap
        else:
            achievement = actual * 100.0 / target if target else 0.0
        score = min(max(achievement, 0.0), cap)
        if (reason or "").strip():
            score = min(max(manual or 0.0, 0.0), cap)
        return achievement, score

    def _rescore(self, before):
        """After the manager's score: the lines' scores, the totals and ranks, and a trace."""
        for line in self:
            achievement, score = self._score(
                line.source,
                line.direction,
                line.actual_value,
                line.target_value,
                line.score_cap,
                line.manual_score,
                line.adjust_reason,
            )
            line.sudo().write(
                {
                    "actual_value": score if line.source == "manual" else line.actual_value,
                    "achievement": achievement,
                    "score": score,
                    "weighted_score": score * line.weight / 100.0,
                }
            )
            old_score = before.get(line, (score, 0.0))[0]
            if float_compare(old_score, score, precision_digits=2) and line.scorecard_id.state != (
                "draft"
            ):
                body = (
                    self.env._(
                        "%(indicator)s: score changed from %(old)s to %(new)s. Reason: %(reason)s",
                        indicator=line.indicator_id.name,
                        old=round(old_score, 2),
                        new=round(score, 2),
                        reason=line.adjust_reason,
                    )
                    if line.source != "manual"
                    else self.env._(
                        "%(indicator)s: manual score changed from %(old)s to %(new)s.",
                        indicator=line.indicator_id.name,
                        old=round(old_score, 2),
                        new=round(score, 2),
                    )
                )
                line.scorecard_id.sudo().message_post(
                    body=body, author_id=self.env.user.partner_id.id
                )
        self.scorecard_id.filtered(lambda s: s.state != "draft")._update_totals()
