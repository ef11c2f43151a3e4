from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


def _notify_text(env, increase):
    """Group robot alert (sales_governance_base): a budget increase waits for its reviewers."""
    return env._("%(team)s asks to add %(amount)s to %(budget)s / %(category)s: %(reason)s"), {
        "team": increase.team_id.name,
        "amount": f"{increase.amount:,.2f} {increase.currency_id.name}",
        "budget": increase.budget_id.name,
        "category": increase.category_id.name,
        "reason": increase.reason,
    }


class SalesExpenseBudgetIncrease(models.Model):
    """A request to add to one line of an approved budget (追加预算).

    The team's manager (or a director) asks; the tier validation engine routes it to a
    sales director, and to finance too from the company's amount threshold. Approved, the
    amount adds to what the line has left.
    """

    _name = "sales.expense.budget.increase"
    _inherit = ["sales.expense.budget.tier.mixin"]
    _description = "Sales Expense Budget Increase"
    _order = "id desc"

    _tier_rejected_state = "rejected"

    # === FIELDS === #
    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index=True
    )
    budget_line_id = fields.Many2one(
        "sales.expense.budget.line",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("state", "=", "approved")],
    )
    budget_id = fields.Many2one(related="budget_line_id.budget_id", store=True)
    team_id = fields.Many2one(related="budget_line_id.team_id", store=True)
    category_id = fields.Many2one(related="budget_line_id.category_id")
    company_id = fields.Many2one(related="budget_line_id.company_id", store=True)
    currency_id = fields.Many2one(related="budget_line_id.currency_id")
    remaining_amount = fields.Monetary(
        related="budget_line_id.remaining_amount", string="Remaining Now"
    )
    amount = fields.Monetary(required=True, currency_field="currency_id", tracking=True)
    reason = fields.Text(required=True, tracking=True)
    requested_by_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    needs_finance_review = fields.Boolean(
        compute="_compute_needs_finance_review",
        help="The amount reaches the company's threshold: finance reviews it after the director.",
    )

    # === COMPUTES === #
    @api.depends("amount", "company_id.expense_increase_finance_threshold")
    def _compute_needs_finance_review(self):
        for increase in self:
            threshold = increase.company_id.expense_increase_finance_threshold
            increase.needs_finance_review = bool(threshold) and increase.amount >= threshold

    # === CONSTRAINTS === #
    @api.constrains("amount")
    def _check_amount(self):
        for increase in self:
            if increase.amount <= 0:
                raise ValidationError(self.env._("A budget increase must be a positive amount."))

    # === WORKFLOW GUARD HOOKS === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {"validation_status", "requested_by_id", "name"}

    def _get_workflow_locked(self):
        return self.filtered(lambda i: i.state != "draft")

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        increases = super().create(vals_list)
        for increase in increases:
            # sudo: the name is a workflow field, closed to client writes (sales.workflow.mixin)
            increase.sudo().name = self.env._("Increase %s", increase.id)
        return increases

    # === ACTIONS === #
    def action_submit(self):
        for increase in self:
            increase._check_can_request()
            if increase.state != "draft":
                raise UserError(
                    self.env._("Only a draft request can be submitted: %s.", increase.name)
                )
            if increase.budget_line_id.state != "approved":
                raise UserError(
                    self.env._(
                        "Budget %s is not approved (or already closed): it cannot be increased.",
                        increase.budget_id.name,
                    )
                )
        res = self._submit_for_review()
        self.env["sales.notify.message"]._enqueue("budget_increase", self, _notify_text)
        return res

    def action_approve(self):
        """The reviewer whose turn it is (director, then finance) approves their tier; the
        increase applies once every tier has."""
        return self._review(approve=True)

    def action_reject(self):
        return self._review(approve=False)

    # === TIER VALIDATION HOOKS === #
    def _get_tier_review_excluded_users(self):
        """Nobody approves an increase they asked for or that their own budget receives."""
        return (
            # sudo: the creator may be a user the reader cannot read
            self.sudo().create_uid
            | self.requested_by_id
            | self.team_id.user_id
            | self.budget_id.user_id
        )

    # === BUSINESS METHODS === #
    def _check_can_request(self):
        self.ensure_one()
        user = self.env.user
        if self.team_id.user_id != user and not user._is_sales_director():
            raise AccessError(
                self.env._(
                    "Only the manager of %s or a sales director asks for a budget increase.",
                    self.team_id.name,
                )
            )

    def _get_tier_message(self, key):
        self.ensure_one()
        if key == "excluded":
            return self.env._(
                "You cannot review budget increase %(increase)s: you asked for it or its budget "
                "is yours. It waits for %(reviewers)s.",
                increase=self.name,
                reviewers=self._get_tier_reviewer_names(),
            )
        if key == "no_reviewer":
            return self.env._(
                "Nobody else may review budget increase %(increase)s: every reviewer of one of "
                "its tiers asked for it or receives it. Ask %(admins)s to name another reviewer.",
                increase=self.name,
                admins=self._get_tier_admin_names(),
            )
        if key == "no_review":
            return self.env._("Request %s has no review waiting for you.", self.name)
        if key == "not_rejectable":
            return self.env._("Only a submitted request can be rejected: %s.", self.name)
        return self.env._("Only a submitted request can be approved: %s.", self.name)
