from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, format_amount

from .sales_kpi_indicator import ADDITIVE_SOURCES


class SalesTarget(models.Model):
    """目标分解: the director's company target split to teams, each team's to its reps.

    The level follows from what is set: no team and no rep is the company's target, a team
    without a rep is the team's, a rep is the rep's. Each level shows what is left to split.
    """

    _name = "sales.target"
    _description = "Sales Target"
    _inherit = [
        "sales.kpi.period.mixin",
        "sales.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_from desc, level, parent_id, id"
    _parent_store = True

    # === FIELDS === #
    name = fields.Char(required=True, tracking=True)
    date_from = fields.Date(required=True, tracking=True)
    date_to = fields.Date(required=True, tracking=True)
    indicator_id = fields.Many2one(
        "sales.kpi.indicator",
        required=True,
        domain=[("source", "in", ADDITIVE_SOURCES)],
        default=lambda self: self.env.ref("sales_kpi.sales_kpi_indicator_sales_amount", False),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one(
        "crm.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        recursive=True,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, tracking=True)
    level = fields.Selection(
        [("company", "Company"), ("team", "Team"), ("rep", "Salesperson")],
        compute="_compute_level",
        store=True,
    )
    parent_id = fields.Many2one("sales.target", index=True, ondelete="restrict", tracking=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("sales.target", "parent_id", string="Split")
    target_amount = fields.Float(required=True, tracking=True)
    children_amount = fields.Float(
        compute="_compute_children_amount", store=True, help="Total of the split below."
    )
    unallocated_amount = fields.Float(
        compute="_compute_children_amount", store=True, help="What is left to split."
    )
    is_balanced = fields.Boolean(
        compute="_compute_children_amount",
        store=True,
        help="No split below, or the split adds up to the target.",
    )
    actual_amount = fields.Float(compute="_compute_actual_amount", string="Actual")
    completion_rate = fields.Float(compute="_compute_actual_amount", string="Completion (%)")
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    # === COMPUTES === #
    @api.depends("parent_id.team_id")
    def _compute_team_id(self):
        for target in self:
            target.team_id = target.parent_id.team_id or target.team_id

    @api.depends("team_id", "user_id")
    def _compute_level(self):
        for target in self:
            target.level = "rep" if target.user_id else "team" if target.team_id else "company"

    @api.depends("target_amount", "child_ids.target_amount")
    def _compute_children_amount(self):
        for target in self:
            target.children_amount = sum(target.child_ids.mapped("target_amount"))
            target.unallocated_amount = (
                target.target_amount - target.children_amount if target.child_ids else 0.0
            )
            target.is_balanced = not target.child_ids or not float_compare(
                target.children_amount, target.target_amount, precision_digits=2
            )

    @api.depends("indicator_id", "date_from", "date_to", "team_id", "user_id", "target_amount")
    def _compute_actual_amount(self):
        """From the indicator's own source: one aggregate per indicator and period for every
        target shown; a team's is the sum of its members' and its leader's (as a manager's
        scorecard counts them), the company's of everyone's. Nothing is measured before both
        dates of the period are set (a new target in the form)."""
        groups = defaultdict(lambda: self.browse())
        for target in self:
            if (
                target.indicator_id.source in ADDITIVE_SOURCES
                and target.date_from
                and target.date_to
                and target.date_from <= target.date_to
            ):
                groups[target.indicator_id, target.date_from, target.date_to] |= target
            else:
                target.actual_amount = target.completion_rate = 0.0
        for (indicator, date_from, date_to), targets in groups.items():
            # sudo: a target counts every member's books, whatever the reader may read of the team
            users = targets.user_id | targets.team_id.sudo()._get_kpi_users()
            if "company" in targets.mapped("level"):
                users |= (
                    # sudo: a company's target counts every internal user
                    self.env["res.users"]
                    .sudo()
                    .with_context(active_test=False)
                    .search([("share", "=", False)])
                )
            # sudo: the indicator reads the books of every user counted, closed to the reader
            values, _note = indicator.sudo()._kpi_values(date_from, date_to, users.ids)
            for target in targets:
                if target.level == "rep":
                    actual = values.get(target.user_id.id, 0.0)
                elif target.level == "team":
                    # sudo: a target counts every member's books, whatever the reader may read
                    actual = sum(
                        values.get(uid, 0.0) for uid in target.team_id.sudo()._get_kpi_users().ids
                    )
                else:
                    actual = sum(values.values())
                target.actual_amount = actual
                target.completion_rate = (
                    actual * 100.0 / target.target_amount if target.target_amount else 0.0
                )

    # === CONSTRAINTS === #
    @api.constrains("user_id", "team_id")
    def _check_user_in_team(self):
        """A salesperson's target belongs to a team they are a member of or lead."""
        for target in self.filtered(lambda t: t.user_id and t.team_id):
            # sudo: the manager splitting may not read every member of the team
            team = target.team_id.sudo()
            if target.user_id not in team.member_ids | team.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of the sales team %(team)s: a salesperson's "
                        "target belongs to their own team.",
                        # sudo: the salesperson is named, whatever the reader may read of users
                        user=target.user_id.sudo().name,
                        team=team.name,
                    )
                )

    @api.constrains("target_amount")
    def _check_amount(self):
        for target in self:
            if target.target_amount < 0:
                raise ValidationError(self.env._("The target %s cannot be negative.", target.name))

    @api.constrains("indicator_id")
    def _check_indicator(self):
        for target in self:
            if target.indicator_id.source not in ADDITIVE_SOURCES:
                raise ValidationError(
                    self.env._(
                        "%s cannot be split into targets: only sales, margin, new customers "
                        "and visits add up from reps to teams.",
                        target.indicator_id.name,
                    )
                )

    @api.constrains("parent_id", "date_from", "date_to", "team_id", "user_id", "indicator_id")
    def _check_parent(self):
        """A split stays inside its parent: one level below, same indicator and company,
        within its period, and for a team's target the team and its members."""
        expected = {"company": "team", "team": "rep"}
        for target in self:
            # sudo: a split is checked against its parent, which the manager splitting may not read
            parent = target.parent_id.sudo()
            if not parent:
                continue
            if expected.get(parent.level) != target.level:
                raise ValidationError(
                    self.env._(
                        "A company target splits into team targets and a team target into "
                        "salespeople's targets: %(target)s cannot be under %(parent)s.",
                        target=target.name,
                        parent=parent.name,
                    )
                )
            if target.indicator_id != parent.indicator_id or target.company_id != parent.company_id:
                raise ValidationError(
                    self.env._(
                        "%(target)s must measure the same indicator in the same company as "
                        "%(parent)s.",
                        target=target.name,
                        parent=parent.name,
                    )
                )
            if target.date_from < parent.date_from or target.date_to > parent.date_to:
                raise ValidationError(
                    self.env._(
                        "%(target)s (%(from)s to %(to)s) falls outside the period of %(parent)s "
                        "(%(parent_from)s to %(parent_to)s).",
                        target=target.name,
                        parent=parent.name,
                        **{
                            "from": target.date_from,
                            "to": target.date_to,
                            "parent_from": parent.date_from,
                            "parent_to": parent.date_to,
                        },
                    )
                )
            if parent.level == "team" and (
                target.team_id != parent.team_id or target.user_id not in parent.team_id.member_ids
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of %(team)s: the team's target is split only "
                        "among its members.",
                        user=target.user_id.name,
                        team=parent.team_id.name,
                    )
                )

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {"confirmed_by_id"}

    def _get_workflow_locked(self):
        return self.filtered(lambda target: target.state == "confirmed")

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        parents = self.browse(vals.get("parent_id") for vals in vals_list if vals.get("parent_id"))
        confirmed = parents._get_confirmed_splits()
        targets = super().create(vals_list)
        confirmed._check_confirmed_splits()
        return targets

    def write(self, vals):
        confirmed = self.browse()
        if {"target_amount", "parent_id"} & vals.keys():
            confirmed = (
                self.parent_id | self.browse(vals.get("parent_id"))
            )._get_confirmed_splits()
        res = super().write(vals)
        confirmed._check_confirmed_splits()
        return res

    def unlink(self):
        # the split is checked once the targets are gone, not before (ondelete)
        confirmed = self.parent_id._get_confirmed_splits()
        res = super().unlink()
        confirmed._check_confirmed_splits()
        return res

    # === ACTIONS === #
    def action_confirm(self):
        """Freeze the targets; a split that does not add up is refused with the difference."""
        for target in self:
            target._check_can_decide()
            if target.state != "draft":
                continue
            if not target.is_balanced:
                raise UserError(
                    self.env._(
                        "The split of %(target)s does not add up: %(children)s allocated for a "
                        "target of %(amount)s, a difference of %(difference)s.",
                        target=target.name,
                        children=target._format(target.children_amount),
                        amount=target._format(target.target_amount),
                        difference=target._format(target.unallocated_amount),
                    )
                )
        # sudo: state and confirmer are workflow fields, closed to client writes
        self.filtered(lambda target: target.state == "draft").sudo().write(
            {"state": "confirmed", "confirmed_by_id": self.env.uid}
        )
        return True

    def action_draft(self):
        for target in self:
            target._check_can_decide()
            target._check_can_reopen()
        # sudo: state and confirmer are workflow fields, closed to client writes
        self.sudo().write({"state": "draft", "confirmed_by_id": False})
        return True

    # === BUSINESS METHODS === #
    def _format(self, amount):
        self.ensure_one()
        if self.indicator_id.source in ("sales_amount", "margin"):
            return format_amount(self.env, amount, self.currency_id)
        return f"{amount:g}"

    def _get_confirmed_splits(self):
        """The targets of ``self`` whose confirmed split adds up: it must keep adding up."""
        # sudo: a manager splitting a team's target reads it, but the company's may be out of reach
        return self.sudo().filtered(
            lambda target: target.state == "confirmed" and target.child_ids and target.is_balanced
        )

    def _check_confirmed_splits(self):
        for target in self.exists():
            if not target.is_balanced:
                raise UserError(
                    self.env._(
                        "%(target)s is confirmed and its split added up: a change of its split "
                        "(%(children)s now for %(amount)s) waits until a sales director reopens "
                        "it.",
                        target=target.name,
                        children=target._format(target.children_amount),
                        amount=target._format(target.target_amount),
                    )
                )

    def _check_can_reopen(self):
        """What a director confirmed, and the split below a confirmed target, is reopened by a
        director only: a manager reopens the targets of their reps that they confirmed."""
        self.ensure_one()
        user = self.env.user
        if self.env.su or user.has_group("sales_governance.group_sales_director"):
            return
        # sudo: the confirmer and the parent target may be out of the user's reach
        confirmer = self.sudo().confirmed_by_id
        if (
            not confirmer
            or confirmer.has_group("sales_governance.group_sales_director")
            # sudo: the parent target may be out of the user's reach
            or self.sudo().parent_id.state == "confirmed"
        ):
            raise AccessError(
                self.env._(
                    "%s was confirmed by a sales director, or is part of a confirmed target: "
                    "only a sales director reopens it.",
                    self.name,
                )
            )

    def _check_can_decide(self):
        """The director confirms company and team targets; a rep's target also its manager."""
        self.ensure_one()
        user = self.env.user
        if self.env.su or user._is_sales_director():
            return
        if self.level == "rep" and user._is_sales_leader_of(self.user_id):
            return
        raise AccessError(
            self.env._(
                "Only a sales director confirms company and team targets; a salesperson's "
                "target also the manager of their team."
            )
        )
