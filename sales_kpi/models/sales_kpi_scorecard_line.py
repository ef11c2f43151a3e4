from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

# The one definition of a line's achievement (%) and score, over the columns ``source``,
# ``direction``, ``actual``, ``target``, ``cap``, ``manual`` and ``adjusted`` (a reason given
# for the manager's score); the score also reads ``achievement``. Higher is better: actual ÷
# target; lower is better: target ÷ actual, and nothing at all scores the cap. The score stays
# within 0 and the cap; a manual indicator, or a reasoned adjustment, scores the manual score.
# Used by the scorecard's computation (``sales.kpi.scorecard._compute_kpis``) and by the
# manager's rescoring of lines (``_rescore``).
ACHIEVEMENT_SQL = SQL(
    """CASE WHEN source = 'manual' THEN LEAST(GREATEST(COALESCE(manual, 0), 0), cap)
            WHEN direction = 'lower' THEN CASE WHEN actual > 0 THEN target * 100.0 / actual
                                               ELSE cap END
            WHEN target != 0 THEN actual * 100.0 / target
            ELSE 0 END"""
)
SCORE_SQL = SQL(
    """CASE WHEN source = 'manual' OR adjusted
                 THEN LEAST(GREATEST(COALESCE(manual, 0), 0), cap)
            ELSE LEAST(GREATEST(achievement, 0), cap) END"""
)


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
    def _rescore(self, before):
        """After the manager's score: the lines' scores, the totals and ranks, and a trace."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                WITH base AS (
                    SELECT l.id, i.source, i.direction, l.actual_value AS actual,
                           l.target_value AS target, l.score_cap AS cap, l.weight,
                           l.manual_score AS manual,
                           btrim(COALESCE(l.adjust_reason, '')) != '' AS adjusted
                      FROM sales_kpi_scorecard_line l
                      JOIN sales_kpi_indicator i ON i.id = l.indicator_id
                     WHERE l.id = ANY(%(ids)s)
                ), achieved AS (
                    SELECT base.*, %(achievement)s AS achievement FROM base
                ), scored AS (
                    SELECT achieved.*, %(score)s AS score FROM achieved
                )
                UPDATE sales_kpi_scorecard_line l
                   SET achievement = s.achievement, score = s.score,
                       weighted_score = s.score * s.weight / 100.0,
                       actual_value = CASE WHEN s.source = 'manual' THEN s.score
                                           ELSE l.actual_value END
                  FROM scored s
                 WHERE l.id = s.id
                """,
                ids=self.ids,
                achievement=ACHIEVEMENT_SQL,
                score=SCORE_SQL,
            )
        )
        self.invalidate_recordset(["achievement", "score", "weighted_score", "actual_value"])
        self.modified(["achievement", "score", "weighted_score", "actual_value"])
        for line in self:
            score = line.score
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
                # sudo: the rescoring is logged for any user, also one who may not post
                line.scorecard_id.sudo().message_post(
                    body=body, author_id=self.env.user.partner_id.id
                )
        self.scorecard_id.filtered(lambda s: s.state != "draft")._update_totals()
