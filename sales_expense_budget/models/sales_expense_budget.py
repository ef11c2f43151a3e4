from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

TOTAL_FIELDS = (
    "planned_amount",
    "increase_amount",
    "committed_amount",
    "actual_amount",
    "remaining_amount",
    "consumed_percent",
)


class SalesExpenseBudget(models.Model):
    """The expense budget of a sales team (or of one salesperson in it) for a period.

    Drafted and submitted by the team's manager, approved by a sales director through the
    tier validation engine (shipped tier "director", editable by administrators). Once
    submitted its content is frozen; approved, its lines take the team's expenses.
    """

    _name = "sales.expense.budget"
    _inherit = ["sales.expense.budget.tier.mixin"]
    _description = "Sales Expense Budget"
    _order = "date_from desc, team_id, id desc"

    # === FIELDS === #
    name = fields.Char(required=True, tracking=True)
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", required=True, index=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index="btree_not_null",
        tracking=True,
        help="Leave empty for the budget of the whole team; set it for a budget of one "
        "salesperson of the team, used before the team's.",
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("sales.expense.budget.line", "budget_id", string="Lines")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    planned_amount = fields.Monetary(
        string="Planned", compute="_compute_totals", store=True, currency_field="currency_id"
    )
    increase_amount = fields.Monetary(
        string="Increases", compute="_compute_totals", store=True, currency_field="currency_id"
    )
    committed_amount = fields.Monetary(
        string="Committed", compute="_compute_totals", store=True, currency_field="currency_id"
    )
    actual_amount = fields.Monetary(
        string="Actual", compute="_compute_totals", store=True, currency_field="currency_id"
    )
    remaining_amount = fields.Monetary(
        string="Remaining", compute="_compute_totals", store=True, currency_field="currency_id"
    )
    consumed_percent = fields.Float(
        string="Consumed (%)", compute="_compute_totals", store=True, digits=(16, 1)
    )

    _approved_lookup_idx = models.Index("(company_id, state, team_id, date_from, date_to)")

    # === COMPUTES === #
    @api.depends(
        "line_ids.planned_amount",
        "line_ids.increase_amount",
        "line_ids.committed_amount",
        "line_ids.actual_amount",
    )
    def _compute_totals(self):
        # The stored totals first: Odoo writes only what changes, so an expense drafted or
        # edited without changing an amount does not rewrite (and lock) the budget's row.
        self.fetch(TOTAL_FIELDS)
        for budget in self:
            lines = budget.line_ids
            budget.planned_amount = sum(lines.mapped("planned_amount"))
            budget.increase_amount = sum(lines.mapped("increase_amount"))
            budget.committed_amount = sum(lines.mapped("committed_amount"))
            budget.actual_amount = sum(lines.mapped("actual_amount"))
            budget.remaining_amount = (
                budget.planned_amount
                + budget.increase_amount
                - budget.committed_amount
                - budget.actual_amount
            )
            available = budget.planned_amount + budget.increase_amount
            spent = budget.committed_amount + budget.actual_amount
            budget.consumed_percent = 100.0 * spent / available if available else 0.0

    # === CONSTRAINTS === #
    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for budget in self:
            if budget.date_to < budget.date_from:
                raise ValidationError(
                    self.env._(
                        "Budget %(budget)s ends (%(end)s) before it starts (%(start)s).",
                        budget=budget.name,
                        end=budget.date_to,
                        start=budget.date_from,
                    )
                )

    @api.constrains("user_id", "team_id")
    def _check_user_in_team(self):
        for budget in self.filtered("user_id"):
            # sudo: the team's members are checked, whatever the user may read of the team
            if budget.user_id not in budget.team_id.sudo().member_ids | budget.team_id.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of the sales team %(team)s.",
                        user=budget.user_id.name,
                        team=budget.team_id.name,
                    )
                )

    @api.constrains("state", "date_from", "date_to", "team_id", "user_id", "company_id")
    def _check_no_overlap(self):
        """One budget per team (or salesperson of it) and period: a budget is refused when it
        is saved over the period of one submitted, approved or closed (drafts may overlap
        until one is submitted)."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for budget in self:
            # sudo: every budget of the team counts, also one the user may not read
            overlapping = self.sudo().search(
                [
                    ("id", "!=", budget.id),
                    ("state", "in", ("submitted", "approved", "closed")),
                    ("company_id", "=", budget.company_id.id),
                    ("team_id", "=", budget.team_id.id),
                    ("user_id", "=", budget.user_id.id),
                    ("date_from", "<=", budget.date_to),
                    ("date_to", ">=", budget.date_from),
                ],
                limit=1,
            )
            if not overlapping:
                continue
            # constraints run as superuser: ask as the user who saves
            if not overlapping.with_user(self.env.uid).has_access("read"):
                raise ValidationError(
                    self.env._(
                        "Budget %(budget)s overlaps another budget of the same team and "
                        "salesperson (%(start)s - %(end)s): one budget per period.",
                        budget=budget.name,
                        start=overlapping.date_from,
                        end=overlapping.date_to,
                    )
                )
            raise ValidationError(
                self.env._(
                    "Budget %(budget)s overlaps budget %(other)s (%(start)s - %(end)s, "
                    "%(state)s) of the same team and salesperson: one budget per period. "
                    "Change its period, or ask to increase the other one.",
                    budget=budget.name,
                    other=overlapping.name,
                    start=overlapping.date_from,
                    end=overlapping.date_to,
                    state=states[overlapping.state],
                )
            )

    # === WORKFLOW GUARD HOOKS === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {"validation_status"}

    def _get_workflow_locked(self):
        return self.filtered(lambda b: b.state != "draft")

    # === ACTIONS === #
    def action_submit(self):
        """The team's manager (or a director) sends the draft budget to the directors."""
        for budget in self:
            budget._check_can_manage()
            if budget.state != "draft":
                raise UserError(
                    self.env._("Only a draft budget can be submitted: %s.", budget.name)
                )
            if not budget.line_ids:
                raise UserError(
                    self.env._("Budget %s has no lines: plan at least one category.", budget.name)
                )
        return self._submit_for_review()

    def action_approve(self):
        """A sales director approves (or whom the review went to when every director is
        excluded): their review is validated, then the budget applies."""
        if not all(self.mapped("can_review")):
            self._check_is_director()
        return self._review(approve=True)

    def action_close(self):
        self._check_is_director()
        if self.filtered(lambda b: b.state != "approved"):
            raise UserError(self.env._("Only approved budgets can be closed."))
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "closed"})
        self._refresh_expense_lines()
        return True

    def action_draft(self):
        """Back to draft from submitted: the reviews are discarded (kept in the chatter)."""
        for budget in self:
            budget._check_can_manage()
            if budget.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only a submitted budget goes back to draft; %s is approved or closed.",
                        budget.name,
                    )
                )
        self.restart_validation()
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "draft"})
        return True

    # === TIER VALIDATION HOOKS === #
    def _get_tier_review_excluded_users(self):
        """Nobody approves a budget they wrote or that pays their own expenses."""
        # sudo: the creator may be a user the reader cannot read
        return self.sudo().create_uid | self.team_id.user_id | self.user_id

    def _get_tier_message(self, key):
        self.ensure_one()
        if key == "excluded":
            return self.env._(
                "You cannot approve budget %(budget)s: you wrote it, lead its team or spend it. "
                "It waits for %(reviewers)s.",
                budget=self.name,
                reviewers=self._get_tier_reviewer_names(),
            )
        if key == "no_reviewer":
            return self.env._(
                "Nobody else may approve budget %(budget)s: every sales director wrote it, leads "
                "its team or spends it. Have the team's manager submit it, or ask %(admins)s to "
                "make another user a sales director.",
                budget=self.name,
                admins=self._get_tier_admin_names(),
            )
        if key == "no_review":
            return self.env._("Budget %s has no review waiting for you.", self.name)
        return self.env._("Only a submitted budget can be approved: %s.", self.name)

    # === BUSINESS METHODS === #
    def _on_review_approved(self):
        self._refresh_expense_lines()

    def _refresh_expense_lines(self):
        """Expenses of the budgets' periods find their line again (a budget now applies or
        no longer applies)."""
        # sudo: expenses of other users find their line again, whoever changes the budget
        Expense = self.env["hr.expense"].sudo()
        for budget in self:
            expenses = Expense.search(
                [
                    ("company_id", "=", budget.company_id.id),
                    ("date", ">=", budget.date_from),
                    ("date", "<=", budget.date_to),
                    ("product_id.sales_expense_category_id", "!=", False),
                ]
            )
            self.env.add_to_compute(Expense._fields["budget_line_id"], expenses)
        self.env.flush_all()

    def _check_can_manage(self):
        self.ensure_one()
        user = self.env.user
        if self.team_id.user_id != user and not user._is_sales_director():
            raise AccessError(
                self.env._(
                    "Only the manager of %(team)s or a sales director may change the state of "
                    "budget %(budget)s.",
                    team=self.team_id.name,
                    budget=self.name,
                )
            )

    def _check_is_director(self):
        if not self.env.user._is_sales_director():
            raise AccessError(self.env._("Only a sales director approves or closes budgets."))
