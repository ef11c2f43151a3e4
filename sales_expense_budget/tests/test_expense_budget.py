from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .expense_budget_common import ExpenseBudgetCase


@tagged("post_install", "-at_install")
class TestExpenseBudget(ExpenseBudgetCase):
    """Budgets, increases, and expenses held to what their budget has left."""

    def _next_month(self):
        start = self.date_to + relativedelta(days=1)
        return {"date_from": start, "date_to": start + relativedelta(months=1, days=-1)}

    # === BUDGET WORKFLOW === #
    def test_budget_approved_by_director_only(self):
        """The manager drafts and submits; neither they nor a rep approve; the director does."""
        budget = (
            self.env["sales.expense.budget"]
            .with_user(self.manager_a)
            .create(
                self._budget_vals("Next", self.team_a, [(self.office, 100.0)], **self._next_month())
            )
        )
        budget.action_submit()
        self.assertEqual(budget.state, "submitted")
        with self.assertRaises(AccessError):
            budget.with_user(self.manager_a).action_approve()
        with self.assertRaises(AccessError):
            budget.with_user(self.rep_a).action_approve()
        budget.with_user(self.director).action_approve()
        self.assertEqual(budget.state, "approved")
        self.assertEqual(budget.sudo().validation_status, "validated")

    def test_budget_submitted_only_by_its_manager(self):
        """Manager B cannot submit team A's budget; a rep cannot either."""
        budget = self.env["sales.expense.budget"].create(
            self._budget_vals("Draft", self.team_a, [(self.office, 100.0)], **self._next_month())
        )
        with self.assertRaises(AccessError):
            budget.with_user(self.manager_b).action_submit()
        with self.assertRaises(AccessError):
            budget.with_user(self.rep_a).action_submit()

    def test_approved_budget_frozen(self):
        """Planned amounts and state of an approved budget cannot be written."""
        with self.assertRaises(UserError):
            self.line_a.with_user(self.manager_a).write({"planned_amount": 5000.0})
        with self.assertRaises(UserError):
            self.budget_a.with_user(self.manager_a).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.budget_a.with_user(self.manager_a).write({"state": "draft"})
        with self.assertRaises(AccessError):
            self.line_a.with_user(self.director).write({"committed_amount": 123.0})
        with self.assertRaises(UserError):
            self.env["sales.expense.budget.line"].with_user(self.manager_a).create(
                {"budget_id": self.budget_a.id, "category_id": self.office.id}
            )
        with self.assertRaises(AccessError):
            self.env["sales.expense.budget"].with_user(self.manager_a).create(
                self._budget_vals("Forged", self.team_a, [], state="approved")
            )
        self.assertEqual(self.line_a.planned_amount, 1000.0)

    def test_bad_budget_input(self):
        """Reversed dates, negative amounts, two lines of one category, overlaps: refused."""
        Budget = self.env["sales.expense.budget"].with_user(self.manager_a)
        with self.assertRaises(ValidationError):
            Budget.create(
                self._budget_vals(
                    "Reversed", self.team_a, [], date_from=self.date_to, date_to=self.date_from
                )
            )
        with self.assertRaises(ValidationError):
            Budget.create(self._budget_vals("Negative", self.team_a, [(self.office, -1.0)]))
        with self.assertRaises(ValidationError):
            Budget.create(
                self._budget_vals("Twice", self.team_a, [(self.office, 1.0), (self.office, 2.0)])
            )
        with self.assertRaises(ValidationError):
            Budget.create(self._budget_vals("Twin", self.team_a, [(self.office, 1.0)]))

    def test_budget_over_a_submitted_or_approved_one_refused_when_saved(self):
        """A budget over the period of the team's submitted or approved one is refused when it
        is saved, a draft included; drafts may overlap each other, other teams and a
        salesperson's budget do not count."""
        Budget = self.env["sales.expense.budget"].with_user(self.manager_a)
        month = self._next_month()
        quarter = {
            "date_from": month["date_from"],
            "date_to": month["date_to"] + relativedelta(months=2),
        }
        with self.assertRaises(ValidationError) as refusal:
            Budget.create(self._budget_vals("Month", self.team_a, [(self.office, 1.0)]))
        self.assertIn("Team A budget", str(refusal.exception))
        draft = Budget.create(
            self._budget_vals("Quarter", self.team_a, [(self.office, 9.0)], **quarter)
        )
        other_draft = Budget.create(
            self._budget_vals("Month", self.team_a, [(self.office, 1.0)], **month)
        )
        draft.action_submit()
        with self.assertRaises(ValidationError) as refusal:
            Budget.create(self._budget_vals("Month 2", self.team_a, [(self.office, 1.0)], **month))
        self.assertIn("Quarter", str(refusal.exception))
        with self.assertRaises(ValidationError):
            other_draft.write({"date_to": month["date_to"] - relativedelta(days=1)})
        with self.assertRaises(ValidationError):
            other_draft.action_submit()
        Budget.create(
            self._budget_vals(
                "Rep A2", self.team_a, [(self.office, 1.0)], user=self.rep_a2, **month
            )
        )
        self.env["sales.expense.budget"].with_user(self.manager_b).create(
            self._budget_vals("Team B month", self.team_b, [(self.office, 1.0)], **month)
        )
        # a budget the user may not read is not named
        with self.assertRaises(ValidationError) as refusal:
            self.env["sales.expense.budget"].with_user(self.manager_b).create(
                self._budget_vals("Team A again", self.team_a, [], **month)
            )
        self.assertNotIn("Quarter", str(refusal.exception))

    def test_director_drafted_budget_goes_to_the_other_directors(self):
        """The only sales director drafts a budget: a governance administrator (a director by
        his group) approves it, not the director; the director is told who may."""
        self.env.ref("sales_governance.group_sales_director").user_ids = self.director
        budget = (
            self.env["sales.expense.budget"]
            .with_user(self.director)
            .create(
                self._budget_vals(
                    "By the director", self.team_a, [(self.office, 1.0)], **self._next_month()
                )
            )
        )
        budget.action_submit()
        reviewers = budget.sudo().review_ids.reviewer_ids
        self.assertIn(self.admin, reviewers)
        self.assertNotIn(self.director, reviewers)
        with self.assertRaisesRegex(UserError, "Gov Admin"):
            budget.with_user(self.director).action_approve()
        with self.assertRaises(AccessError):
            budget.with_user(self.manager_b).action_approve()
        self.assertIn("Gov Admin", budget.with_user(self.director).to_validate_message)
        budget.with_user(self.admin).action_approve()
        self.assertEqual(budget.state, "approved")

    def test_budget_nobody_may_approve_not_sent(self):
        """The only director, and no governance administrator: the director's budget is not
        sent, the refusal says who may fix it, the budget stays a draft."""
        self.env.ref("sales_governance.group_sales_director").user_ids = self.director
        self.env.ref("sales_governance.group_governance_admin").user_ids = False
        budget = (
            self.env["sales.expense.budget"]
            .with_user(self.director)
            .create(
                self._budget_vals(
                    "By the director", self.team_a, [(self.office, 1.0)], **self._next_month()
                )
            )
        )
        admin = self.env.ref("base.user_admin")
        with self.assertRaises(UserError) as refusal:
            budget.action_submit()
        self.assertRegex(str(refusal.exception), f"Nobody else may approve.*{admin.name}")
        self.assertEqual(budget.state, "draft")
        self.assertFalse(budget.sudo().review_ids)

    def test_back_to_draft_keeps_reviews_in_chatter(self):
        """A submitted budget goes back to draft; an approved one does not."""
        budget = (
            self.env["sales.expense.budget"]
            .with_user(self.manager_a)
            .create(
                self._budget_vals("Draft", self.team_a, [(self.office, 1.0)], **self._next_month())
            )
        )
        budget.action_submit()
        budget.action_draft()
        self.assertEqual(budget.state, "draft")
        self.assertFalse(budget.sudo().review_ids)
        with self.assertRaises(UserError):
            self.budget_a.with_user(self.manager_a).action_draft()

    # === EXPENSES === #
    def test_expense_finds_its_line(self):
        """Own budget first, else the team's; product gives the category, date the period."""
        self.assertEqual(self._expense(self.rep_a, 10.0).budget_line_id, self.line_a)
        self.assertEqual(self._expense(self.rep_a2, 10.0).budget_line_id, self.line_a2)
        self.assertEqual(self._expense(self.rep_b, 10.0).budget_line_id, self.line_b)
        self.assertFalse(self._expense(self.rep_a, 10.0, self.office_product).budget_line_id)
        late = self._expense(
            self.rep_a, 10.0, date=self.date_to.replace(year=self.date_to.year + 1)
        )
        self.assertFalse(late.budget_line_id)

    def test_submit_over_budget_blocked(self):
        """Submitting beyond what remains is refused, naming category and remaining amount."""
        expense = self._expense(self.rep_a, 1200.0)
        self.assertTrue(expense.budget_warning)
        with self.assertRaisesRegex(UserError, "Travel.*1,000.00|1,000.00.*Travel"):
            expense.action_submit()
        self.assertEqual(expense.state, "draft")
        self.assertEqual(self.line_a.committed_amount, 0.0)

    def test_submit_commits_then_blocks_the_rest(self):
        """Within budget it is committed; the next expense sees what is left."""
        first = self._expense(self.rep_a, 600.0)
        first.action_submit()
        self.assertEqual(first.state, "submitted")
        self.assertEqual(self.line_a.committed_amount, 600.0)
        self.assertEqual(self.line_a.remaining_amount, 400.0)
        # rep_a2 spends their own budget, not team A's
        self.assertEqual(self._expense(self.rep_a2, 300.0).budget_line_id, self.line_a2)
        third = self._expense(self.rep_a, 500.0)
        self.assertEqual(third.budget_remaining_amount, 400.0)
        with self.assertRaises(UserError):
            third.action_submit()

    def test_approve_over_budget_blocked(self):
        """An expense that passed with a warning is refused at approval under block."""
        self.company.expense_budget_policy = "warn"
        expense = self._expense(self.rep_a, 1200.0)
        expense.action_submit()
        self.assertEqual(expense.state, "submitted")
        activity = expense.sudo().activity_ids.filtered(lambda a: a.user_id == self.manager_a)
        self.assertTrue(activity, "the team's manager is told")
        self.company.expense_budget_policy = "block"
        with self.assertRaises(UserError):
            expense.with_user(self.manager_a).action_approve()
        self.assertEqual(expense.state, "submitted")

    def test_duplicate_wizard_checks_budget(self):
        """Approving through the duplicate-expense wizard meets the same check."""
        self.company.expense_budget_policy = "warn"
        expense = self._expense(self.rep_a, 1200.0)
        expense.action_submit()
        self.company.expense_budget_policy = "block"
        wizard = (
            self.env["hr.expense.approve.duplicate"]
            .with_user(self.manager_a)
            .create({"expense_ids": [Command.set(expense.ids)]})
        )
        with self.assertRaises(UserError):
            wizard.action_approve()

    def test_rpc_write_of_approval_refused(self):
        """A salesperson cannot write approval_state or state over RPC."""
        expense = self._expense(self.rep_a, 1200.0)
        for vals in ({"approval_state": "approved"}, {"approval_state": "submitted"}):
            with self.assertRaises(AccessError):
                expense.with_user(self.rep_a).write(vals)
        with self.assertRaises(AccessError):
            expense.with_user(self.rep_a).write({"state": "approved"})
        with self.assertRaises(AccessError):
            self._expense(self.rep_a, 10.0, approval_state="approved")
        self.assertEqual(expense.state, "draft")

    def test_approved_by_team_manager(self):
        """Manager A approves rep A's expense; manager B and the rep themselves cannot."""
        expense = self._expense(self.rep_a, 100.0)
        expense.action_submit()
        self.assertEqual(expense.manager_id, self.manager_a)
        with self.assertRaises(UserError):
            expense.with_user(self.manager_b).action_approve()
        with self.assertRaises(UserError):
            expense.with_user(self.rep_a).action_approve()
        expense.with_user(self.manager_a).action_approve()
        self.assertEqual(expense.state, "approved")
        self.assertEqual(self.line_a.committed_amount, 100.0)

    def test_split_by_manager_keeps_commitment(self):
        """The manager splits a submitted expense: the halves keep its approval and amount."""
        expense = self._expense(self.rep_a, 600.0)
        expense.action_submit()
        action = expense.with_user(self.manager_a).action_split_wizard()
        wizard = (
            self.env["hr.expense.split.wizard"].with_user(self.manager_a).browse(action["res_id"])
        )
        wizard.action_split_expense()
        halves = self.line_a.expense_ids
        self.assertEqual(len(halves), 2)
        self.assertEqual(set(halves.mapped("state")), {"submitted"})
        self.assertEqual(self.line_a.committed_amount, 600.0)

    def test_refuse_and_reset_release(self):
        """Refused or reset expenses hold nothing."""
        refused = self._expense(self.rep_a, 600.0)
        refused.action_submit()
        refused.with_user(self.manager_a)._do_refuse("no")
        self.assertEqual(refused.state, "refused")
        self.assertEqual(self.line_a.committed_amount, 0.0)
        reset = self._expense(self.rep_a, 700.0)
        reset.action_submit()
        self.assertEqual(self.line_a.committed_amount, 700.0)
        reset.action_reset()
        self.assertEqual(reset.state, "draft")
        self.assertEqual(self.line_a.committed_amount, 0.0)

    def test_posting_moves_committed_to_actual(self):
        """Once posted an expense counts as actual, no longer committed."""
        expense = self._expense(self.rep_a, 300.0)
        expense.action_submit()
        expense.with_user(self.manager_a).action_approve()
        self.assertEqual(self.line_a.committed_amount, 300.0)
        expense.sudo()._post_without_wizard()
        self.assertIn(expense.state, ("posted", "in_payment", "paid"))
        self.assertEqual(self.line_a.committed_amount, 0.0)
        self.assertEqual(self.line_a.actual_amount, 300.0)
        self.assertEqual(self.line_a.remaining_amount, 700.0)

    def test_expense_without_budget(self):
        """With the setting on, a sales expense no budget covers is refused."""
        expense = self._expense(self.rep_a, 10.0, self.office_product)
        self.company.expense_budget_required = True
        with self.assertRaisesRegex(UserError, "No approved budget"):
            expense.action_submit()
        self.company.expense_budget_required = False
        expense.action_submit()
        self.assertEqual(expense.state, "submitted")

    def test_expense_tiers_not_skipped_without_approver(self):
        """An expense with no approver is not approved at once when an expense tier applies."""
        self.env["tier.definition"].create(
            {
                "name": "Finance check",
                "model_id": self.env.ref("hr_expense.model_hr_expense").id,
                "review_type": "individual",
                "reviewer_id": self.director.id,
            }
        )
        employee = self.env["hr.employee"].create({"name": "Clerk", "user_id": self.employee.id})
        expense = (
            self.env["hr.expense"]
            .with_user(self.employee)
            .create(
                {
                    "name": "Paper",
                    "employee_id": employee.id,
                    "product_id": self.office_product.id,
                    "total_amount_currency": 10.0,
                }
            )
        )
        expense.action_submit()
        self.assertEqual(expense.state, "submitted")
        self.assertTrue(expense.sudo().review_ids)

    # === INCREASES === #
    def _increase(self, amount, user=None, line=None):
        return (
            self.env["sales.expense.budget.increase"]
            .with_user(user or self.manager_a)
            .create(
                {
                    "budget_line_id": (line or self.line_a).id,
                    "amount": amount,
                    "reason": "Trade fair",
                }
            )
        )

    def test_increase_approved_by_director(self):
        """The manager asks, the director approves, the line has more left."""
        increase = self._increase(500.0)
        increase.action_submit()
        with self.assertRaises(UserError):
            increase.with_user(self.manager_a).action_approve()
        increase.with_user(self.director).action_approve()
        self.assertEqual(increase.state, "approved")
        self.assertEqual(self.line_a.increase_amount, 500.0)
        self.assertEqual(self.line_a.remaining_amount, 1500.0)
        self._expense(self.rep_a, 1200.0).action_submit()

    def test_large_increase_needs_finance(self):
        """From the threshold finance approves after the director."""
        increase = self._increase(6000.0)
        increase.action_submit()
        increase.with_user(self.director).action_approve()
        self.assertEqual(increase.state, "submitted")
        with self.assertRaises(UserError):
            increase.with_user(self.director).action_approve()
        increase.with_user(self.finance).action_approve()
        self.assertEqual(increase.state, "approved")
        self.assertEqual(self.line_a.increase_amount, 6000.0)

    def test_increase_rejected(self):
        """A rejected increase adds nothing."""
        increase = self._increase(500.0)
        increase.action_submit()
        increase.with_user(self.director).action_reject()
        self.assertEqual(increase.state, "rejected")
        self.assertEqual(self.line_a.increase_amount, 0.0)

    def test_bad_increases(self):
        """Zero or negative amounts, other teams' lines, reps and forged states are refused."""
        with self.assertRaises(ValidationError):
            self._increase(0.0)
        with self.assertRaises(ValidationError):
            self._increase(-5.0)
        with self.assertRaises(AccessError):
            self._increase(10.0, user=self.rep_a)
        with self.assertRaises(AccessError):
            self._increase(10.0, user=self.manager_a, line=self.line_b)
        increase = self._increase(10.0)
        with self.assertRaises(AccessError):
            increase.write({"state": "approved"})
        with self.assertRaises(AccessError):
            increase.with_user(self.manager_b).action_submit()
