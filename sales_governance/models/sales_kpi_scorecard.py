import json
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL


def _json_rows(columns):
    """Columns of values as one JSON array of rows, for ``jsonb_to_recordset``: one parameter
    Postgres parses at once, where thousands of array literals cost more than the work."""
    names = list(columns)
    return json.dumps(
        [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    )


class SalesKpiScorecard(models.Model):
    """绩效考核: one rep's weighted indicators for one period (SPEC 5.4).

    ``_compute_kpis`` computes any number of scorecards at once: one aggregate per indicator and
    period over the books for all their reps, then set-based writes of the lines, totals and
    ranks (the benchmark keeps it within 2x of one hand-written aggregate for 1,000 scorecards).
    The numbers are therefore written by the workflow, never by a client.
    """

    _name = "sales.kpi.scorecard"
    _description = "KPI Scorecard"
    _inherit = ["sales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, template_id, team_id, rank, id"

    # === FIELDS === #
    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, index=True, tracking=True
    )
    avatar_128 = fields.Image(related="user_id.avatar_128")
    team_id = fields.Many2one(
        "crm.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="The team the rep is ranked in.",
    )
    template_id = fields.Many2one("sales.kpi.template", required=True, ondelete="restrict")
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many("sales.kpi.scorecard.line", "scorecard_id", string="Indicators")
    total_score = fields.Float(readonly=True, aggregator="avg")
    rank = fields.Integer(readonly=True, aggregator="min", help="Rank within the team.")
    company_rank = fields.Integer(readonly=True, aggregator="min")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("reviewed", "Reviewed"),
            ("confirmed", "Confirmed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    review_comment = fields.Text(string="Manager's Comment")
    computed_date = fields.Datetime(readonly=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    confirmed_by_id = fields.Many2one("res.users", readonly=True)

    _scorecard_unique = models.UniqueIndex(
        "(user_id, template_id, date_from, date_to)",
        "A salesperson has one scorecard per template and period.",
    )

    # === COMPUTES === #
    @api.depends("user_id", "template_id", "date_from", "date_to")
    def _compute_name(self):
        for scorecard in self:
            scorecard.name = " / ".join(
                filter(
                    None,
                    [
                        scorecard.user_id.name,
                        scorecard.template_id.name,
                        scorecard.date_from and scorecard._period_label(),
                    ],
                )
            )

    @api.depends("user_id")
    def _compute_team_id(self):
        for scorecard in self:
            scorecard.team_id = scorecard.team_id or scorecard.user_id.sudo().sale_team_id

    # === CONSTRAINTS === #
    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for scorecard in self:
            if scorecard.date_to < scorecard.date_from:
                raise ValidationError(
                    self.env._("The period of a scorecard cannot end before it starts.")
                )

    def _check_unique(self, vals_list):
        """One scorecard per rep, template and period, said before the unique index refuses
        (one search for the whole batch)."""
        keys = [
            (
                vals.get("user_id"),
                vals.get("template_id"),
                fields.Date.to_date(vals.get("date_from")),
                fields.Date.to_date(vals.get("date_to")),
            )
            for vals in vals_list
        ]
        existing = self.sudo().search(
            [
                ("user_id", "in", list({key[0] for key in keys})),
                ("template_id", "in", list({key[1] for key in keys})),
                ("date_from", "in", list({key[2] for key in keys})),
                ("id", "not in", self.ids),
            ]
        )
        taken = {
            (scorecard.user_id.id, scorecard.template_id.id, scorecard.date_from, scorecard.date_to)
            for scorecard in existing
        }
        for key in keys:
            if key in taken:
                raise ValidationError(
                    self.env._(
                        "%(user)s already has a scorecard of %(template)s for %(from)s to %(to)s.",
                        user=self.env["res.users"].browse(key[0]).sudo().name,
                        template=self.env["sales.kpi.template"].browse(key[1]).sudo().name,
                        **{"from": key[2], "to": key[3]},
                    )
                )
            taken.add(key)

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "total_score",
            "rank",
            "company_rank",
            "computed_date",
            "reviewed_by_id",
            "confirmed_by_id",
        }

    def _get_workflow_locked(self):
        # Who, what and when are fixed once computed; the lines guard their own numbers.
        return self.filtered(lambda scorecard: scorecard.state != "draft")

    def _get_workflow_lock_exceptions(self):
        exceptions = super()._get_workflow_lock_exceptions()
        if any(scorecard.state == "confirmed" for scorecard in self):
            return exceptions
        return exceptions | {"line_ids", "review_comment"}

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        self._check_unique(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if {"user_id", "template_id", "date_from", "date_to"} & vals.keys():
            for scorecard in self:
                scorecard._check_unique(
                    [
                        {
                            "user_id": vals.get("user_id", scorecard.user_id.id),
                            "template_id": vals.get("template_id", scorecard.template_id.id),
                            "date_from": vals.get("date_from", scorecard.date_from),
                            "date_to": vals.get("date_to", scorecard.date_to),
                        }
                    ]
                )
        return super().write(vals)

    # === ACTIONS === #
    def action_compute(self):
        """Compute (or recompute) the scorecards from the books."""
        for scorecard in self:
            scorecard._check_is_manager()
            if scorecard.state not in ("draft", "computed"):
                raise UserError(
                    self.env._(
                        "%s was already reviewed: reset it to draft before computing it again.",
                        scorecard.name,
                    )
                )
        self._compute_kpis()
        return True

    def action_review(self):
        """The rep's manager (or a director) has checked the scores."""
        for scorecard in self:
            scorecard._check_is_manager()
            if scorecard.state != "computed":
                raise UserError(self.env._("Only a computed scorecard can be reviewed."))
        self.sudo().write({"state": "reviewed", "reviewed_by_id": self.env.uid})
        return True

    def action_confirm(self):
        """A director makes the reviewed scores final: they no longer change."""
        if not self.env.su and not self.env.user.has_group("sales_governance.group_sales_director"):
            raise AccessError(self.env._("Only a sales director confirms scorecards."))
        if any(scorecard.state != "reviewed" for scorecard in self):
            raise UserError(self.env._("Only a reviewed scorecard can be confirmed."))
        self.sudo().write({"state": "confirmed", "confirmed_by_id": self.env.uid})
        return True

    def action_reset(self):
        for scorecard in self:
            scorecard._check_is_manager()
            if scorecard.state == "confirmed":
                raise UserError(
                    self.env._("%s is confirmed: its scores are final.", scorecard.name)
                )
        self.sudo().write({"state": "draft", "reviewed_by_id": False})
        return True

    # === BUSINESS METHODS === #
    def _period_label(self):
        self.ensure_one()
        return f"{self.date_from} ~ {self.date_to}"

    def _check_is_manager(self):
        """The rep's manager or a director, never the rep themself."""
        self.ensure_one()
        user = self.env.user
        if self.env.su or user.has_group("sales_governance.group_sales_director"):
            return
        if user != self.user_id and user in self.user_id.sudo().sales_manager_ids:
            return
        raise AccessError(
            self.env._(
                "Only the manager of %s's team or a sales director may compute, adjust or review "
                "this scorecard.",
                self.user_id.name,
            )
        )

    def _compute_kpis(self):
        """Compute the lines, totals and ranks of ``self`` (draft or computed scorecards).

        Set-based on purpose: lines are inserted with their values or updated only where a
        value changed, and one statement writes totals, state and ranks (1,000 scorecards of
        10 indicators: see the benchmark's figure in the README)."""
        if not self:
            return
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT id FROM sales_kpi_scorecard WHERE id = ANY(%s) "
                "AND state IN ('draft', 'computed')",
                self.ids,
            )
        )
        ids = [row[0] for row in cr.fetchall()]
        if not ids:
            return
        # The template's indicators, as lines: removed ones dropped, missing ones added below.
        cr.execute(
            SQL(
                """
                DELETE FROM sales_kpi_scorecard_line l
                 USING sales_kpi_scorecard s
                 WHERE l.scorecard_id = s.id AND s.id = ANY(%(ids)s)
                   AND NOT EXISTS (
                       SELECT 1 FROM sales_kpi_template_line tl
                        WHERE tl.template_id = s.template_id AND tl.indicator_id = l.indicator_id)
                """,
                ids=ids,
            )
        )
        cr.execute(
            SQL(
                """
                SELECT s.id, s.user_id, s.date_from, s.date_to, tl.indicator_id, tl.sequence,
                       tl.weight, tl.target_value, tl.score_cap, l.id, l.manual_score,
                       l.adjust_reason, l.comment, l.source_note, l.actual_value, l.score,
                       l.weight, l.target_value, l.score_cap
                  FROM sales_kpi_scorecard s
                  JOIN sales_kpi_template_line tl ON tl.template_id = s.template_id
                  LEFT JOIN sales_kpi_scorecard_line l
                    ON l.scorecard_id = s.id AND l.indicator_id = tl.indicator_id
                 WHERE s.id = ANY(%(ids)s)
                """,
                ids=ids,
            )
        )
        rows = cr.fetchall()
        # One aggregate per indicator and period, for every rep at once.
        users = defaultdict(set)
        for row in rows:
            users[row[4], row[2], row[3]].add(row[1])
        Indicator = self.env["sales.kpi.indicator"].sudo()
        results = {}
        for (indicator_id, date_from, date_to), user_ids in users.items():
            indicator = Indicator.browse(indicator_id)
            results[indicator_id, date_from, date_to] = (
                indicator,
                *indicator._kpi_values(date_from, date_to, user_ids),
            )
        Line = self.env["sales.kpi.scorecard.line"]
        new, changed = defaultdict(list), defaultdict(list)
        totals = defaultdict(float)
        for row in rows:
            (scorecard_id, user_id, date_from, date_to, indicator_id, sequence, weight, target) = (
                row[:8]
            )
            cap, line_id, manual, reason, comment, old_note = row[8:14]
            indicator, values, note = results[indicator_id, date_from, date_to]
            actual = (manual or 0.0) if indicator.source == "manual" else values.get(user_id, 0.0)
            achievement, score = Line._score(
                indicator.source, indicator.direction, actual, target, cap, manual, reason
            )
            totals[scorecard_id] += score * weight / 100.0
            # The source's note shows in the comment unless the manager wrote one.
            comment = (note or None) if not comment or comment == old_note else comment
            values_row = {
                "weight": weight,
                "target": target,
                "cap": cap,
                "actual": actual,
                "achievement": achievement,
                "score": score,
                "weighted": score * weight / 100.0,
                "note": note or None,
                "comment": comment,
            }
            if not line_id:
                new["scorecard_id"].append(scorecard_id)
                new["indicator_id"].append(indicator_id)
                new["sequence"].append(sequence)
                for key, value in values_row.items():
                    new[key].append(value)
            elif (actual, score, weight, target, cap, note or None, comment) != (
                row[14],
                row[15],
                row[16],
                row[17],
                row[18],
                old_note,
                row[12],
            ):
                changed["id"].append(line_id)
                for key, value in values_row.items():
                    changed[key].append(value)
        if new:
            # create_uid and write_uid stay empty on purpose: the scorecard says when it was
            # computed, and two more foreign-key checks per line would cost a third of the
            # insert (measured at 10,000 lines).
            cr.execute(
                SQL(
                    """
                    INSERT INTO sales_kpi_scorecard_line
                           (scorecard_id, indicator_id, sequence, weight, target_value,
                            score_cap, actual_value, achievement, score, weighted_score,
                            source_note, comment, create_date, write_date)
                    SELECT v.scorecard_id, v.indicator_id, v.sequence, v.weight, v.target,
                           v.cap, v.actual, v.achievement, v.score, v.weighted, v.note,
                           v.comment, now() at time zone 'UTC', now() at time zone 'UTC'
                      FROM jsonb_to_recordset(%(rows)s::jsonb)
                           AS v(scorecard_id int, indicator_id int, sequence int,
                                weight float8, target float8, cap float8, actual float8,
                                achievement float8, score float8, weighted float8, note text,
                                comment text)
                    """,
                    rows=_json_rows(new),
                )
            )
        if changed:
            cr.execute(
                SQL(
                    """
                    UPDATE sales_kpi_scorecard_line l
                       SET weight = v.weight, target_value = v.target, score_cap = v.cap,
                           actual_value = v.actual, achievement = v.achievement,
                           score = v.score, weighted_score = v.weighted,
                           source_note = v.note, comment = v.comment,
                           write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                      FROM jsonb_to_recordset(%(rows)s::jsonb)
                           AS v(id int, weight float8, target float8, cap float8,
                                actual float8, achievement float8, score float8,
                                weighted float8, note text, comment text)
                     WHERE l.id = v.id
                    """,
                    uid=self.env.uid,
                    rows=_json_rows(changed),
                )
            )
        self.browse(ids)._update_totals(totals)

    def _update_totals(self, totals=None):
        """Write the totals of ``self`` (given, or summed from their lines) and mark them
        computed, then rank every computed scorecard sharing a template and period with them,
        in the team and in the company: one statement, writing only what changes."""
        if totals is None:
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "SELECT scorecard_id, SUM(weighted_score) FROM sales_kpi_scorecard_line "
                    "WHERE scorecard_id = ANY(%s) GROUP BY scorecard_id",
                    self.ids,
                )
            )
            totals = dict(self.env.cr.fetchall())
        ids = self.ids
        self.env.cr.execute(
            SQL(
                """
                WITH totals AS (
                    SELECT * FROM jsonb_to_recordset(%(totals)s::jsonb) AS t(id int, total float8)
                ), scope AS (
                    SELECT s.id, s.template_id, s.date_from, s.date_to, s.team_id, s.company_id,
                           COALESCE(totals.total, s.total_score, 0) AS total,
                           totals.id IS NOT NULL AS computing
                      FROM sales_kpi_scorecard s
                      LEFT JOIN totals ON totals.id = s.id
                     WHERE (s.state != 'draft' OR totals.id IS NOT NULL)
                       AND (s.template_id, s.date_from, s.date_to) IN (
                           SELECT template_id, date_from, date_to FROM sales_kpi_scorecard
                            WHERE id = ANY(%(ids)s))
                ), ranked AS (
                    SELECT scope.*,
                           RANK() OVER (PARTITION BY template_id, date_from, date_to, team_id
                                        ORDER BY total DESC) AS team_rank,
                           RANK() OVER (PARTITION BY template_id, date_from, date_to, company_id
                                        ORDER BY total DESC) AS company_rank
                      FROM scope
                )
                UPDATE sales_kpi_scorecard s
                   SET total_score = ranked.total, rank = ranked.team_rank,
                       company_rank = ranked.company_rank,
                       state = CASE WHEN ranked.computing AND s.state = 'draft'
                                    THEN 'computed' ELSE s.state END,
                       computed_date = CASE WHEN ranked.computing
                                            THEN now() at time zone 'UTC'
                                            ELSE s.computed_date END
                  FROM ranked
                 WHERE s.id = ranked.id
                   AND ((ranked.computing
                         AND (s.state = 'draft' OR s.total_score IS DISTINCT FROM ranked.total))
                        OR s.rank IS DISTINCT FROM ranked.team_rank
                        OR s.company_rank IS DISTINCT FROM ranked.company_rank)
                """,
                ids=ids,
                totals=_json_rows(
                    {"id": ids, "total": [totals.get(scorecard_id, 0.0) for scorecard_id in ids]}
                ),
            )
        )
        self.env["sales.kpi.scorecard.line"].invalidate_model()
        self.invalidate_model()

    @api.model
    def _generate(self, template, date_from, date_to, teams):
        """Create the missing scorecards of ``template`` for the period, one per member of
        ``teams`` (their leaders for a managers' template), and compute the drafts and computed
        ones; reviewed and confirmed ones stay as they are. Returns all of them.

        The missing ones are inserted in one statement (no chatter entry, no follower): a
        thousand ORM creates would cost more than computing them."""
        Scorecard = self.sudo()
        wanted = {}
        for team in teams.sudo():
            members = team.user_id if template.tier == "manager" else team.member_ids
            for user in members:
                wanted.setdefault(user.id, team.id)
        existing = Scorecard.search(
            [
                ("template_id", "=", template.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
                ("user_id", "in", list(wanted)),
            ]
        )
        missing = sorted(wanted.keys() - set(existing.user_id.ids))
        created = Scorecard.browse()
        if missing:
            users = self.env["res.users"].sudo().browse(missing)
            period = f"{fields.Date.to_date(date_from)} ~ {fields.Date.to_date(date_to)}"
            names = [f"{user.name} / {template.name} / {period}" for user in users]
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO sales_kpi_scorecard
                           (name, user_id, team_id, template_id, date_from, date_to, company_id,
                            state, total_score, rank, company_rank, create_uid, create_date,
                            write_uid, write_date)
                    SELECT v.name, v.user_id, v.team_id, %(template)s, %(date_from)s,
                           %(date_to)s, %(company)s, 'draft', 0, 0, 0, %(uid)s,
                           now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                      FROM jsonb_to_recordset(%(rows)s::jsonb)
                           AS v(name varchar, user_id int, team_id int)
                 RETURNING id
                    """,
                    rows=_json_rows(
                        {
                            "name": names,
                            "user_id": missing,
                            "team_id": [wanted[user_id] for user_id in missing],
                        }
                    ),
                    template=template.id,
                    date_from=date_from,
                    date_to=date_to,
                    company=template.company_id.id or self.env.company.id,
                    uid=self.env.uid,
                )
            )
            created = Scorecard.browse([row[0] for row in self.env.cr.fetchall()])
        scorecards = existing | created
        scorecards._compute_kpis()
        return scorecards.with_env(self.env)
