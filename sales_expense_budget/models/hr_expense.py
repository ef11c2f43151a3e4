from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_amount, format_date

from .sales_expense_budget_line import ACTUAL_STATES, COMMITTED_STATES

# Ids of the expenses whose budget the running ``action_submit`` has checked already: its
# no-approver path approves them at once, which must not check (and warn) twice.
_BUDGET_CHECKED_IDS = ContextVar("sales_governance_budget_checked_ids", default=frozenset())


_LINE_LOOKUP_FIELDS = (
    "category_id",
    "state",
    "company_id",
    "date_from",
    "date_to",
    "user_id",
    "team_id",
)
_LINE_AMOUNT_FIELDS = (*_LINE_LOOKUP_FIELDS, "remaining_amount")
SPENDING_STATES = COMMITTED_STATES + ACTUAL_STATES

# What the budget decision of a submitted expense was made on: these change only through the
# workflow (reset to draft, submit again), which checks the budget again.
BUDGET_DECISION_FIELDS = frozenset(
    {
        "total_amount_currency",
        "total_amount",
        "untaxed_amount_currency",
        "tax_amount_currency",
        "price_unit",
        "quantity",
        "tax_ids",
        "currency_id",
        "currency_rate",
        "date",
        "product_id",
        "employee_id",
        "company_id",
        "budget_line_id",
        "budget_amount",
    }
)


class HrExpense(models.Model):
    _name = "hr.expense"
    _inherit = ["sales.workflow.mixin", "hr.expense"]

    # === FIELDS === #
    budget_category_id = fields.Many2one(
        related="product_id.sales_expense_category_id", string="Budget Category"
    )
    budget_line_id = fields.Many2one(
        "sales.expense.budget.line",
        compute="_compute_budget_line_id",
        store=True,
        index="btree_not_null",
        # the employee need not see other salespeople's budgets to find their own line
        compute_sudo=True,
        help="The approved budget this expense spends: the salesperson's own budget for "
        "the expense date, else their team's, in the category of the product.",
    )
    budget_amount = fields.Monetary(
        compute="_compute_budget_amount",
        store=True,
        currency_field="company_currency_id",
        help="What the budget counts of this expense: its amount converted to the company's "
        "currency at the company's rate of the expense date, whatever rate was typed on it.",
    )
    budget_remaining_amount = fields.Monetary(
        string="Budget Left",
        compute="_compute_budget_remaining",
        currency_field="company_currency_id",
        help="What the budget line has left for this expense, other expenses deducted.",
    )
    budget_warning = fields.Char(compute="_compute_budget_remaining")

    # === CONSTRAINTS === #
    @api.constrains("total_amount_currency", "total_amount", "quantity", "price_unit")
    def _check_budget_amount_positive(self):
        """A sales expense spends: a negative one would give budget back to others."""
        for expense in self:
            if expense._is_budget_governed() and (
                expense.total_amount_currency < 0
                or expense.total_amount < 0
                or expense.quantity < 0
                or expense.price_unit < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%s: the amount of a sales expense cannot be negative.", expense.name
                    )
                )

    # === COMPUTES === #
    @api.depends("total_amount_currency", "total_amount", "currency_id", "company_id", "date")
    def _compute_budget_amount(self):
        for expense in self:
            company = expense.company_id or self.env.company
            if expense.currency_id and expense.currency_id != company.currency_id:
                expense.budget_amount = expense.currency_id._convert(
                    expense.total_amount_currency,
                    company.currency_id,
                    company,
                    expense.date or fields.Date.context_today(expense),
                )
            else:
                expense.budget_amount = expense.total_amount

    @api.depends("employee_id.user_id", "product_id", "date", "company_id")
    def _compute_budget_line_id(self):
        for expense in self:
            found = expense._find_budget_line(with_remaining=False)
            expense.budget_line_id = found[0] if found else False

    @api.depends_context("uid")
    @api.depends("budget_line_id", "budget_amount", "state")
    def _compute_budget_remaining(self):
        for expense in self:
            # sudo: the budget line and its other expenses may be closed to the expense's reader
            found = expense.sudo()._find_budget_line()
            if not found:
                expense.budget_remaining_amount = 0.0
                expense.budget_warning = (
                    expense._get_missing_budget_message()
                    if expense._is_budget_governed() and expense.state == "draft"
                    else False
                )
                continue
            remaining = found[1]
            expense.budget_remaining_amount = remaining
            over = (
                expense.state in ("draft", "submitted")
                and expense.company_currency_id.compare_amounts(expense.budget_amount, remaining)
                > 0
            )
            expense.budget_warning = (
                # sudo: the line's budget and team are named, whatever the expense's reader may read
                expense.sudo()._get_over_budget_message(
                    self.env["sales.expense.budget.line"].sudo().browse(found[0]),
                    expense.budget_amount,
                    remaining,
                )
                if over
                else False
            )

    @api.depends_context("uid")
    @api.depends("employee_id", "manager_id", "state")
    def _compute_is_editable(self):
        """The manager of the salesperson's team or a sales director approves, and approving
        writes the approver: the expense is editable for them as for a stock approver."""
        res = super()._compute_is_editable()
        user = self.env.user
        is_director = user._is_sales_director()
        for expense in self.filtered(
            lambda e: not e.is_editable
            and e.company_id
            and e.state in ("submitted", "approved")
            and e.employee_id.user_id != user
            and e._is_budget_governed()
        ):
            expense.is_editable = is_director or user in expense._get_sales_expense_approvers()
        return res

    # === WORKFLOW GUARD HOOKS === #
    def _get_workflow_fields(self):
        fnames = {"approval_state", "approval_date", "budget_line_id", "validation_status"}
        return super()._get_workflow_fields() | (fnames & self._fields.keys())

    def _is_workflow_client(self):
        # Stock expense officers keep the stock behaviour; sales users go through the buttons.
        return super()._is_workflow_client() and self.env.user.has_group(
            "sales_governance.group_sales_rep"
        )

    def _get_workflow_locked(self):
        """Sales expenses past draft: their budget decision stands until reset to draft."""
        return self.filtered(lambda e: e.state != "draft" and e._is_budget_governed())

    def _get_workflow_lock_exceptions(self):
        # the notes, the accounts and the attachments of a submitted expense stay open
        return super()._get_workflow_lock_exceptions() | (
            self._fields.keys() - BUDGET_DECISION_FIELDS
        )

    def _get_workflow_lock_message(self):
        self.ensure_one()
        return self.env._(
            "%s was submitted: its amount, currency, rate, date, category, employee and budget "
            "change only by resetting it to draft and submitting it again, which checks the "
            "budget again.",
            self.display_name,
        )

    # === ACTIONS === #
    def action_submit(self):
        governed = self.filtered(lambda e: e._is_budget_governed())
        governed._assign_sales_approver()
        governed._check_expense_budget()
        token = _BUDGET_CHECKED_IDS.set(_BUDGET_CHECKED_IDS.get() | set(governed.ids))
        try:
            with self._workflow_writing():
                return super().action_submit()
        finally:
            _BUDGET_CHECKED_IDS.reset(token)

    def action_reset(self):
        with self._workflow_writing():
            return super().action_reset()

    def _do_approve(self, check=True):
        """Every approval meets here: the Approve button, the duplicate wizard, and the
        no-approver path of ``action_submit``. Expense tiers (OCA
        ``hr_expense_tier_validation``) cannot be skipped by that last path: an expense a
        tier applies to is submitted for review instead of approved."""
        tiered = self.filtered(lambda e: not e.approval_state and e._has_expense_tiers())
        if tiered:
            with self._workflow_writing():
                tiered.write({"approval_state": "submitted"})
            # sudo: the engine creates the reviews, closed to users; rights checked above
            tiered.sudo().request_validation()
        to_approve = self - tiered
        unchecked = to_approve.filtered(
            lambda e: e.id not in _BUDGET_CHECKED_IDS.get() and e._is_budget_governed()
        )
        unchecked._check_expense_budget()
        with self._workflow_writing():
            return super(HrExpense, to_approve)._do_approve(check)

    def _do_refuse(self, reason):
        with self._workflow_writing():
            return super()._do_refuse(reason)

    # === APPROVAL (team manager) === #
    def _get_cannot_approve_reason(self):
        """A salesperson's expense is approved by the leader of their sales team (or a sales
        director); expense administrators keep the stock rights."""
        reasons = super()._get_cannot_approve_reason()
        user = self.env.user
        if self.env.su or user.has_group("hr_expense.group_hr_expense_manager"):
            return reasons
        for expense in self.filtered(lambda e: e._is_budget_governed()):
            if expense.employee_id.user_id == user:
                reasons[expense.id] = self.env._(
                    "%(expense_name)s: It is your own expense", expense_name=expense.name
                )
            elif user in expense._get_sales_expense_approvers() or user._is_sales_director():
                reasons[expense.id] = False
            else:
                reasons[expense.id] = self.env._(
                    "%(expense_name)s: only the manager of the salesperson's team (or a sales "
                    "director) approves it.",
                    expense_name=expense.name,
                )
        return reasons

    def _get_sales_expense_approvers(self):
        """Leaders of the teams of the expense's salesperson, or the company's sales directors
        when they lead none of them."""
        self.ensure_one()
        # sudo: the salesperson's teams may be closed to the expense's reader
        user = self.employee_id.user_id.sudo()
        approvers = user.sales_manager_ids - user
        if not approvers:
            directors = self.env["res.users"]._get_sales_directors()
            approvers = (
                directors.filtered(lambda u: self.company_id in u.company_ids and not u.share)
                - user
            )
        return approvers.sudo(False)

    def _assign_sales_approver(self):
        for expense in self:
            approvers = expense._get_sales_expense_approvers()
            if approvers and expense.manager_id not in approvers:
                # sudo: the approver is set by the system, whoever submits the expense
                expense.sudo().manager_id = approvers[:1]
            elif not approvers:
                raise UserError(
                    self.env._(
                        "Nobody can approve %s: the salesperson's team has no manager and the "
                        "company no sales director.",
                        expense.name,
                    )
                )

    def _has_expense_tiers(self):
        self.ensure_one()
        if "review_ids" not in self._fields:
            return False
        definitions = (
            # sudo: tier definitions are configuration closed to users
            self.env["tier.definition"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("company_id", "in", [False, self.company_id.id]),
                ]
            )
        )
        # sudo: the tier domains read the expense's salesperson and category, closed to some readers
        return any(self.sudo().evaluate_tier(definition) for definition in definitions)

    # === BUDGET === #
    def _is_budget_governed(self):
        """Sales expenses: a product of a budget category, spent by a salesperson."""
        self.ensure_one()
        # sudo: the employee's user and the product's category, whatever the reader may read
        user = self.employee_id.sudo().user_id
        return bool(
            # sudo: the product's budget category, whatever the reader may read of products
            self.product_id.sudo().sales_expense_category_id
            and user
            and user.has_group("sales_governance.group_sales_rep")
        )

    def _find_budget_line(self, exclude_ids=None, with_remaining=True):
        """(line id, what it has left without ``exclude_ids`` or this expense) or None.

        The line and what it has left come from the database in one call (see
        ``BUDGET_LINE_FUNCTION``); the expenses left out give back what the line counts of them.
        """
        self.ensure_one()
        # sudo: the line's other expenses and budget may be closed to the expense's reader
        expense = self.sudo()
        category = expense.product_id.sales_expense_category_id
        user = expense.employee_id.user_id
        if not (category and user and self.date):
            return None
        env = self.env
        if env.transaction.tocompute or env._field_dirty:  # changes not in the database yet
            env["crm.team"].flush_model(["user_id"])
            env["crm.team.member"].flush_model(["crm_team_id", "user_id", "active"])
            # the amounts only when asked: the expenses' lines may be what is being computed
            env["sales.expense.budget.line"].flush_model(
                _LINE_AMOUNT_FIELDS if with_remaining else _LINE_LOOKUP_FIELDS
            )
        env.cr.execute(
            "SELECT line_id, remaining FROM sales_expense_budget_line_left(%s, %s, %s, %s)",
            (user.id, category.id, (self.company_id or env.company).id, self.date),
        )
        line_id, remaining = env.cr.fetchone()
        if not line_id:
            return None
        if with_remaining:
            origin = expense._origin
            others = (expense.browse(exclude_ids) | origin) if exclude_ids else origin
            for other in others:
                if other.state in SPENDING_STATES and other.budget_line_id.id == line_id:
                    remaining += other.budget_amount
        return line_id, remaining

    def _check_expense_budget(self):
        """Refuse (policy ``block``) or flag (``warn``) expenses beyond what their budget line
        has left. The lines are locked first: of two expenses racing for the last amount,
        the second waits for the first and then sees what it took."""
        if not self:
            return
        self.env.flush_all()
        # the line found now, not when the expense was written: budgets may have changed
        self.env.add_to_compute(self._fields["budget_line_id"], self)
        self.flush_recordset(["budget_line_id"])
        for expense in self.filtered(lambda e: not e.budget_line_id):
            if expense.company_id.expense_budget_required:
                raise UserError(expense._get_missing_budget_message())
        # sudo: the lines are locked whoever spends on them, closed to the spender's reads
        lines = self.sudo().budget_line_id
        lines._lock_for_expenses()
        for line in lines:
            expenses = self.filtered(lambda e, line=line: e.budget_line_id == line)
            found = expenses[:1]._find_budget_line(exclude_ids=expenses.ids)
            if not found or found[0] != line.id:
                continue
            remaining = found[1]
            amount = sum(expenses.mapped("budget_amount"))
            if line.currency_id.compare_amounts(amount, remaining) <= 0:
                continue
            message = expenses[:1]._get_over_budget_message(line, amount, remaining)
            if line.company_id.expense_budget_policy == "warn":
                expenses._warn_over_budget(line, message)
            else:
                raise UserError(message)

    def _get_over_budget_message(self, line, amount, remaining):
        self.ensure_one()
        return self.env._(
            "%(expense)s (%(amount)s) exceeds the %(category)s budget of %(budget)s for "
            "%(date_from)s - %(date_to)s: %(remaining)s remains. Ask your sales manager to "
            "request a budget increase (Sales Governance > Expense Budgets > Increase "
            "Requests), or lower the amount.",
            expense=self.name,
            amount=format_amount(self.env, amount, line.currency_id),
            category=line.category_id.name,
            budget=line.budget_id.name,
            date_from=format_date(self.env, line.date_from),
            date_to=format_date(self.env, line.date_to),
            remaining=format_amount(self.env, max(remaining, 0.0), line.currency_id),
        )

    def _get_missing_budget_message(self):
        self.ensure_one()
        return self.env._(
            "No approved budget covers %(category)s expenses of %(user)s on %(date)s. Ask "
            "your sales manager to have one approved first.",
            # sudo: the category and salesperson are named, whatever the reader may read of them
            category=self.product_id.sudo().sales_expense_category_id.name,
            user=self.employee_id.sudo().user_id.name,
            date=format_date(self.env, self.date),
        )

    def _warn_over_budget(self, line, message):
        # sudo: the budget's team may be closed to the spender; the warning posts for any user
        manager = line.sudo().budget_id.team_id.user_id
        for expense in self.sudo():
            expense.message_post(body=message, author_id=self.env.user.partner_id.id)
            if manager:
                expense.activity_schedule(
                    "mail.mail_activity_data_warning",
                    user_id=manager.id,
                    summary=self.env._("Expense over budget"),
                    note=message,
                )

    # === KPI FEEDS === #
