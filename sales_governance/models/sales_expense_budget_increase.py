from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


def _notify_text(env, increase):
    """Group robot alert (sales_governance_base): a budget increase waits for its reviewers."""
    return env._(
        "%(team)s asks to add %(amount)s to %(budget)s / %(category)s: %(reason)s",
        team=increase.team_id.name,
        amount=f"{increase.amount:,.2f} {increase.currency_id.name}",
        budget=increase.budget_id.name,
        category=increase.category_id.name,
        reason=increase.reason,
    )


class SalesExpenseBudgetIncrease(models.Model):
    """A request to add to one line of an approved budget (追加预算).

    The team's manager (or a director) asks; the tier validation engine routes it to a
    sales director, and to finance too from the company's amount threshold. Approved, the
    amount adds to what the line has left.
    """

    _name = "sales.expense.budget.increase"
    _inherit = [
        "sales.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "tier.validation",
    ]
    _description = "Sales Expense Budget Increase"
    _order = "id desc"

    _state_from = ["submitted"]
    _state_to = ["approved"]
    _tier_validation_manual_config = False

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
        self.sudo().write({"state": "submitted"})
        self.request_validation()
        self.env["sales.notify.message"]._enqueue("budget_increase", self, _notify_text)
        return True

    def action_approve(self):
        """The reviewer whose turn it is (director, then finance) approves their tier; the
        increase applies once every tier has."""
        for increase in self:
            if increase.state != "submitted":
                raise UserError(
                    self.env._("Only a submitted request can be approved: %s.", increase.name)
                )
            increase.validate_tier()
        return True

    def action_reject(self):
        for increase in self:
            if increase.state != "submitted":
                raise UserError(
                    self.env._("Only a submitted request can be rejected: %s.", increase.name)
                )
            increase.reject_tier()
        return True

    # === TIER VALIDATION HOOKS === #
    def _get_under_validation_exceptions(self):
        # the state moves through the actions only (workflow guard), reviews or not
        return super()._get_under_validation_exceptions() + ["state"]

    def validate_tier(self):
        self._check_can_review()
        return super().validate_tier()

    def reject_tier(self):
        self._check_can_review()
        return super().reject_tier()

    # The engine's own steps, also reached from the comment wizard when a tier asks for one.
    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        validated = self.filtered(
            lambda i: i.state == "submitted" and i.sudo().validation_status == "validated"
        )
        validated.sudo().write({"state": "approved"})
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        rejected = self.filtered(
            lambda i: i.state == "submitted" and i.sudo().validation_status == "rejected"
        )
        rejected.sudo().write({"state": "rejected"})
        return res

    def _get_tier_review_excluded_users(self):
        """Nobody approves an increase they asked for or that their own budget receives."""
        return (
            self.sudo().create_uid
            | self.requested_by_id
            | self.team_id.user_id
            | self.budget_id.user_id
        )

    # === BUSINESS METHODS === #
    def _check_can_request(self):
        self.ensure_one()
        user = self.env.user
        if self.team_id.user_id != user and not user.has_group(
            "sales_governance.group_sales_director"
        ):
            raise AccessError(
                self.env._(
                    "Only the manager of %s or a sales director asks for a budget increase.",
                    self.team_id.name,
                )
            )

    def _check_can_review(self):
        for increase in self:
            if self.env.user in increase._get_tier_review_excluded_users():
                raise UserError(
                    self.env._("You cannot review your own budget increase %s.", increase.name)
                )
            if not increase.can_review:
                raise UserError(
                    self.env._("Request %s has no review waiting for you.", increase.name)
                )
