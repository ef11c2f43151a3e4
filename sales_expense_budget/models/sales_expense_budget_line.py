from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# Expense states that hold a commitment on the budget, and those that spent it.
COMMITTED_STATES = ("submitted", "approved")
ACTUAL_STATES = ("posted", "in_payment", "paid")

# The budget check of an expense (``hr.expense._find_budget_line``): the approved line of its
# category covering its date, of the salesperson's own budget first, else of a team they belong
# to or lead, and what it has left (kept on the line as its expenses change state). Approved
# budgets of one team (or salesperson) never overlap, so the line is the first one ending on or
# after the date, if it has started: one step down a lookup index per budget owner. A function,
# so that the server plans its statements once per connection, not at every call: measured
# against the same two statements sent as one query, it keeps the check within 2x of a
# primary-key read at 100,000 expenses (README, "Expense budgets"). Dropped on uninstall.
DROP_BUDGET_LINE_FUNCTION = (
    "DROP FUNCTION IF EXISTS sales_expense_budget_line_left(integer, integer, integer, date)"
)
BUDGET_LINE_FUNCTION = """
CREATE OR REPLACE FUNCTION sales_expense_budget_line_left(
    p_user integer, p_category integer, p_company integer, p_date date,
    OUT line_id integer, OUT remaining numeric)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_from date;
BEGIN
    SELECT l.id, l.remaining_amount, l.date_from INTO line_id, remaining, v_from
      FROM sales_expense_budget_line l
     WHERE l.category_id = p_category AND l.user_id = p_user AND l.state = 'approved'
       AND l.company_id = p_company AND l.date_to >= p_date
     ORDER BY l.date_to
     LIMIT 1;
    IF v_from <= p_date THEN
        RETURN;
    END IF;
    SELECT t.id, t.remaining_amount INTO line_id, remaining
      FROM (SELECT m.crm_team_id AS team_id FROM crm_team_member m
             WHERE m.user_id = p_user AND m.active
            UNION ALL
            SELECT c.id FROM crm_team c WHERE c.user_id = p_user) k
     CROSS JOIN LATERAL (
           SELECT l.id, l.remaining_amount, l.date_from
             FROM sales_expense_budget_line l
            WHERE l.category_id = p_category AND l.team_id = k.team_id
              AND l.user_id IS NULL AND l.state = 'approved'
              AND l.company_id = p_company AND l.date_to >= p_date
            ORDER BY l.date_to
            LIMIT 1) t
     WHERE t.date_from <= p_date
     ORDER BY t.id
     LIMIT 1;
END
$$
"""


class SalesExpenseBudgetLine(models.Model):
    """What a budget plans for one expense category, and what its expenses took.

    committed: expenses submitted or approved, not yet posted; actual: posted, in payment or
    paid. Refused or reset expenses hold nothing. The amounts are stored so that the budget
    check of an expense and the reports read them at once.
    """

    _name = "sales.expense.budget.line"
    _inherit = ["sales.workflow.mixin"]
    _description = "Sales Expense Budget Line"
    _order = "budget_id, category_sequence, id"

    # === FIELDS === #
    budget_id = fields.Many2one(
        "sales.expense.budget", required=True, index=True, ondelete="cascade"
    )
    category_id = fields.Many2one("sales.expense.category", required=True, ondelete="restrict")
    category_sequence = fields.Integer(related="category_id.sequence", store=True)
    team_id = fields.Many2one(related="budget_id.team_id", store=True, index=True)
    user_id = fields.Many2one(related="budget_id.user_id", store=True)
    date_from = fields.Date(related="budget_id.date_from", store=True)
    date_to = fields.Date(related="budget_id.date_to", store=True)
    state = fields.Selection(related="budget_id.state", store=True, string="Budget Status")
    company_id = fields.Many2one(related="budget_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    planned_amount = fields.Monetary(string="Planned", currency_field="currency_id")
    increase_ids = fields.One2many(
        "sales.expense.budget.increase", "budget_line_id", string="Increases"
    )
    expense_ids = fields.One2many("hr.expense", "budget_line_id", string="Expenses")
    increase_amount = fields.Monetary(
        string="Approved Increases",
        compute="_compute_increase_amount",
        store=True,
        currency_field="currency_id",
    )
    committed_amount = fields.Monetary(
        string="Committed",
        compute="_compute_expense_amounts",
        store=True,
        currency_field="currency_id",
        help="Expenses submitted or approved, not yet posted.",
    )
    actual_amount = fields.Monetary(
        string="Actual",
        compute="_compute_expense_amounts",
        store=True,
        currency_field="currency_id",
        help="Expenses posted, in payment or paid.",
    )
    remaining_amount = fields.Monetary(
        string="Remaining",
        compute="_compute_remaining",
        store=True,
        currency_field="currency_id",
    )
    consumed_percent = fields.Float(
        string="Consumed (%)", compute="_compute_remaining", store=True, digits=(16, 1)
    )

    _budget_category_uniq = models.UniqueIndex(
        "(budget_id, category_id)", "A budget has one line per expense category."
    )
    # the budget check of an expense (BUDGET_LINE_FUNCTION): team budgets, salesperson budgets
    _team_lookup_idx = models.Index(
        "(category_id, team_id, date_to) WHERE state = 'approved' AND user_id IS NULL"
    )
    _user_lookup_idx = models.Index(
        "(category_id, user_id, date_to) WHERE state = 'approved' AND user_id IS NOT NULL"
    )

    def init(self):
        res = super().init()
        # dropped first: a changed result type cannot be replaced in place
        self.env.cr.execute(DROP_BUDGET_LINE_FUNCTION)
        self.env.cr.execute(BUDGET_LINE_FUNCTION)
        return res

    # === COMPUTES === #
    @api.depends("increase_ids.state", "increase_ids.amount")
    def _compute_increase_amount(self):
        for line in self:
            line.increase_amount = sum(
                line.increase_ids.filtered(lambda i: i.state == "approved").mapped("amount")
            )

    @api.depends("expense_ids.state", "expense_ids.budget_amount")
    def _compute_expense_amounts(self):
        # The stored amounts first: Odoo writes only what changes, so a draft expense added
        # to the line does not rewrite (and lock) its row while others submit against it.
        self.fetch(["committed_amount", "actual_amount"])
        # one aggregate for the lines, whatever their number of expenses
        amounts = {
            (line.id, state): total
            # sudo: a line counts every expense of its budget, also those the user may not read
            for line, state, total in self.env["hr.expense"]
            .sudo()
            ._read_group(
                [
                    ("budget_line_id", "in", self._origin.ids),
                    ("state", "in", COMMITTED_STATES + ACTUAL_STATES),
                ],
                ["budget_line_id", "state"],
                ["budget_amount:sum"],
            )
        }
        for line in self:
            line_id = line._origin.id
            line.committed_amount = sum(amounts.get((line_id, s), 0.0) for s in COMMITTED_STATES)
            line.actual_amount = sum(amounts.get((line_id, s), 0.0) for s in ACTUAL_STATES)

    @api.depends("planned_amount", "increase_amount", "committed_amount", "actual_amount")
    def _compute_remaining(self):
        self.fetch(["remaining_amount", "consumed_percent"])
        for line in self:
            available = line.planned_amount + line.increase_amount
            spent = line.committed_amount + line.actual_amount
            line.remaining_amount = available - spent
            line.consumed_percent = 100.0 * spent / available if available else 0.0

    @api.depends("budget_id.name", "category_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.budget_id.name} / {line.category_id.name}"

    # === CONSTRAINTS === #
    @api.constrains("planned_amount")
    def _check_planned_amount(self):
        for line in self:
            if line.planned_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The planned amount of %s cannot be negative.", line.category_id.name
                    )
                )

    @api.constrains("budget_id", "category_id")
    def _check_one_line_per_category(self):
        for line in self:
            twins = line.budget_id.line_ids.filtered(
                lambda other, line=line: other.category_id == line.category_id
            )
            if len(twins) > 1:
                raise ValidationError(
                    self.env._(
                        "Budget %(budget)s already has a line for %(category)s.",
                        budget=line.budget_id.name,
                        category=line.category_id.name,
                    )
                )

    # === WORKFLOW GUARD HOOKS === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "increase_amount",
            "committed_amount",
            "actual_amount",
            "remaining_amount",
            "consumed_percent",
            "category_sequence",
            "team_id",
            "user_id",
            "date_from",
            "date_to",
            "company_id",
        }

    def _get_workflow_locked(self):
        return self.filtered(lambda line: line.budget_id.state != "draft")

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        # one line per category: say so before the unique index does, in the user's words
        keys = [(vals.get("budget_id"), vals.get("category_id")) for vals in vals_list]
        # sudo: one line per category: lines the user may not read count too
        existing = self.sudo().search_fetch(
            [("budget_id", "in", [key[0] for key in keys if key[0]])], ["category_id"]
        )
        taken = {(line.budget_id.id, line.category_id.id) for line in existing}
        for key in keys:
            if key in taken:
                raise ValidationError(
                    self.env._(
                        "Budget %(budget)s already has a line for %(category)s.",
                        # sudo: the taken line's budget and category are named to anyone
                        budget=self.env["sales.expense.budget"].browse(key[0]).sudo().name,
                        category=self.env["sales.expense.category"].browse(key[1]).sudo().name,
                    )
                )
            taken.add(key)
        lines = super().create(vals_list)
        if self._is_workflow_client():
            locked = lines.filtered(lambda line: line.budget_id.state != "draft")
            if locked:
                raise UserError(locked[:1].budget_id._get_workflow_lock_message())
        return lines

    # === BUSINESS METHODS === #
    def _lock_for_expenses(self):
        """Lock the lines while an expense is checked against them and booked: a second
        expense waits for the first transaction. PostgreSQL then refuses the waiting
        transaction (serialization failure: the line changed since it started), and Odoo
        runs the request again, whose check sees what the first expense took."""
        if not self.ids:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sales_expense_budget_line WHERE id IN %s "
                "ORDER BY id FOR NO KEY UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()
