from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain


class SalesKpiScorecard(models.Model):
    """绩效考核: one rep's weighted indicators for one period.

    ``_compute_kpis`` computes any number of scorecards at once: one aggregate per indicator and
    period over the books for all their reps, then set-based writes of the lines, totals and
    ranks (the benchmark keeps it within 2x of one hand-written aggregate for 1,000 scorecards).
    The numbers are therefore written by the workflow, never by a client.

    This file holds the scorecard, its checks and its buttons; the computation and the
    generation of a period's scorecards are in ``sales_kpi_scorecard_compute.py``.
    """

    _name = "sales.kpi.scorecard"
    _description = "KPI Scorecard"
    _inherit = [
        "sales.kpi.period.mixin",
        "sales.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
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
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many("sales.kpi.scorecard.line", "scorecard_id", string="Indicators")
    total_score = fields.Float(readonly=True, aggregator="avg")
    # Ranks compare the scorecards of one template and one period only (see ``_rank_sql``).
    rank = fields.Integer(
        string="Team Rank",
        readonly=True,
        aggregator="min",
        help="Rank within the team, for this template and period.",
    )
    company_rank = fields.Integer(
        readonly=True,
        aggregator="min",
        help="Rank within the company, for this template and period.",
    )
    is_latest_period = fields.Boolean(
        compute="_compute_is_latest_period",
        search="_search_is_latest_period",
        help="The scorecard is of the latest period its template was appraised for.",
    )
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
            # sudo: the manager creating the scorecard may not read every rep's team settings
            scorecard.team_id = scorecard.team_id or scorecard.user_id.sudo().sale_team_id

    @api.depends_context("uid")
    @api.depends("template_id", "date_from")
    def _compute_is_latest_period(self):
        latest = self._get_latest_periods()
        for scorecard in self:
            scorecard.is_latest_period = (
                scorecard.state != "draft"
                and latest.get(scorecard.template_id.id) == scorecard.date_from
            )

    def _search_is_latest_period(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = Domain("state", "!=", "draft") & Domain.OR(
            Domain("template_id", "=", template_id) & Domain("date_from", "=", date_from)
            for template_id, date_from in self._get_latest_periods().items()
        )
        return domain if (operator == "=") == value else ~domain

    # === CONSTRAINTS === #
    @api.constrains("user_id", "team_id")
    def _check_user_in_team(self):
        """A rep is ranked in a team they belong to or lead."""
        for scorecard in self.filtered("team_id"):
            # the manager asking may not read every member of the team
            # sudo: the manager asking may not read every member of the team
            team = scorecard.team_id.sudo()
            if scorecard.user_id not in team.member_ids | team.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of the sales team %(team)s: a scorecard ranks "
                        "a salesperson in their own team.",
                        # sudo: the rep named may be outside the reader's teams
                        user=scorecard.user_id.sudo().name,
                        team=team.name,
                    )
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
        # sudo: one scorecard per rep, template and period, whoever may read the other
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
                        # sudo: the names in the refusal, of records the user may not read
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
        # sudo: the state is a workflow field, written after the manager check above
        self.sudo().write({"state": "reviewed", "reviewed_by_id": self.env.uid})
        return True

    def action_confirm(self):
        """A director makes the reviewed scores final: they no longer change."""
        if not self.env.su and not self.env.user._is_sales_director():
            raise AccessError(self.env._("Only a sales director confirms scorecards."))
        if any(scorecard.state != "reviewed" for scorecard in self):
            raise UserError(self.env._("Only a reviewed scorecard can be confirmed."))
        # sudo: the state is a workflow field, written after the director check above
        self.sudo().write({"state": "confirmed", "confirmed_by_id": self.env.uid})
        return True

    def action_reset(self):
        for scorecard in self:
            scorecard._check_is_manager()
            if scorecard.state == "confirmed":
                raise UserError(
                    self.env._("%s is confirmed: its scores are final.", scorecard.name)
                )
        # sudo: the state is a workflow field, written after the manager check above
        self.sudo().write({"state": "draft", "reviewed_by_id": False})
        return True

    # === BUSINESS METHODS === #
    @api.model
    def _get_latest_periods(self):
        """{template id: start of the latest period with a computed scorecard} among the
        scorecards the user reads: a leaderboard shows one template's one period at a time."""
        return {
            template.id: date_from
            for template, date_from in self._read_group(
                [("state", "!=", "draft")], ["template_id"], ["date_from:max"]
            )
        }

    def _check_is_manager(self):
        """The rep's manager or a director, never the rep themself."""
        self.ensure_one()
        user = self.env.user
        if self.env.su or user._is_sales_director():
            return
        if user != self.user_id and user._is_sales_leader_of(self.user_id):
            return
        raise AccessError(
            self.env._(
                "Only the manager of %s's team or a sales director may compute, adjust or review "
                "this scorecard.",
                self.user_id.name,
            )
        )
