from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .expense_budget_common import ExpenseBudgetCase


@tagged("post_install", "-at_install")
class TestExpenseBudgetSecurity(ExpenseBudgetCase):
    """Who sees what: rep reads their teams' approved budget lines and own
    expenses; manager their teams' budgets; director all; admin the categories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft_a = cls.env["sales.expense.budget"].create(
            cls._budget_vals("Draft A", cls.team_a, [(cls.office, 50.0)], **cls._next_period())
        )
        cls.expense_a = cls._expense(cls.rep_a, 100.0)
        cls.expense_a.action_submit()
        cls.expense_b = cls._expense(cls.rep_b, 100.0)
        cls.expense_b.action_submit()

    @classmethod
    def _next_period(cls):
        return {
            "date_from": cls.date_to + timedelta(days=1),
            "date_to": cls.date_to + timedelta(days=28),
        }

    def _visible(self, user, model, domain=None):
        return self.env[model].with_user(user).search(domain or [])

    def test_rep_reads_own_team_lines(self):
        """Rep A reads team A's approved lines, not team B's nor drafts; cannot write."""
        lines = self._visible(self.rep_a, "sales.expense.budget.line")
        self.assertEqual(lines, self.line_a | self.line_a_ent)
        self.assertEqual(lines.mapped("remaining_amount"), [900.0, 500.0])
        budgets = self._visible(self.rep_a, "sales.expense.budget")
        self.assertEqual(budgets, self.budget_a)
        self.assertIn(self.line_a2, self._visible(self.rep_a2, "sales.expense.budget.line"))
        with self.assertRaises(AccessError):
            self.line_b.with_user(self.rep_a).read(["remaining_amount"])
        with self.assertRaises(UserError):  # frozen, and not theirs to write anyway
            self.line_a.with_user(self.rep_a).write({"planned_amount": 1.0})
        with self.assertRaises(AccessError):
            self.line_a.with_user(self.rep_a).write({"planned_amount": 1000.0})
        with self.assertRaises(AccessError):
            self.env["sales.expense.budget"].with_user(self.rep_a).create(
                self._budget_vals("Mine", self.team_a, [])
            )
        groups = (
            self.env["sales.expense.budget.line"]
            .with_user(self.rep_a)
            ._read_group([], ["team_id"], ["planned_amount:sum"])
        )
        self.assertEqual([(team, total) for team, total in groups], [(self.team_a, 1500.0)])

    def test_rep_sees_own_expenses_only(self):
        """Rep A sees their expense, not rep B's, and no increase request."""
        Expense = self.env["hr.expense"].with_user(self.rep_a)
        self.assertIn(self.expense_a, Expense.search([]))
        self.assertNotIn(self.expense_b, Expense.search([]))
        with self.assertRaises(AccessError):
            self.env["sales.expense.budget.increase"].with_user(self.rep_a).search([])

    def test_manager_sees_teams_led(self):
        """Manager A sees team A's budgets (drafts too) and expenses, nothing of team B."""
        budgets = self._visible(self.manager_a, "sales.expense.budget")
        self.assertEqual(budgets, self.budget_a | self.budget_a2 | self.draft_a)
        expenses = self._visible(self.manager_a, "hr.expense")
        self.assertIn(self.expense_a, expenses)
        self.assertNotIn(self.expense_b, expenses)
        with self.assertRaises(AccessError):
            self.budget_b.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.env["sales.expense.budget"].with_user(self.manager_a).create(
                self._budget_vals("Other team", self.team_b, [], **self._next_period())
            )
        self.draft_a.with_user(self.manager_a).write({"name": "Draft A, renamed"})
        report = self.env["sales.expense.budget.report"].with_user(self.manager_a)
        groups = report._read_group([], ["team_id"], ["planned_amount:sum"])
        self.assertEqual({team for team, _total in groups}, {self.team_a})

    def test_director_sees_all(self):
        """The director sees every budget, line and expense of salespeople."""
        budgets = self._visible(self.director, "sales.expense.budget")
        self.assertTrue(self.budget_a | self.budget_b | self.draft_a <= budgets)
        self.assertTrue(
            self.expense_a | self.expense_b <= self._visible(self.director, "hr.expense")
        )
        report = self.env["sales.expense.budget.report"].with_user(self.director)
        groups = report._read_group([], ["team_id"], ["planned_amount:sum"])
        self.assertLessEqual({self.team_a, self.team_b}, {team for team, _total in groups})

    def test_categories_and_settings_for_admin(self):
        """Only the governance admin edits categories and the budget settings."""
        with self.assertRaises(AccessError):
            self.travel.with_user(self.director).write({"name": "Trips"})
        self.travel.with_user(self.admin).write({"code": "travel2"})
        self.assertEqual(self.travel.with_user(self.rep_a).read(["code"])[0]["code"], "travel2")
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.director).create(
                {"expense_budget_policy": "warn"}
            )
        settings_admin = new_test_user(
            self.env,
            "sg_settings_admin",
            "base.group_system,sales_governance.group_governance_admin",
        )
        Settings = self.env["res.config.settings"].with_user(settings_admin)
        Settings.create({"expense_budget_policy": "warn"}).execute()
        self.assertEqual(self.company.expense_budget_policy, "warn")
        with self.assertRaises(ValidationError):
            Settings.create({"expense_increase_finance_threshold": -1.0}).execute()

    def test_finance_reads_increases_only(self):
        """Finance reads increase requests and budgets but writes none."""
        increase = (
            self.env["sales.expense.budget.increase"]
            .with_user(self.manager_a)
            .create({"budget_line_id": self.line_a.id, "amount": 10.0, "reason": "Fair"})
        )
        self.assertIn(increase, self._visible(self.finance, "sales.expense.budget.increase"))
        with self.assertRaises(AccessError):
            increase.with_user(self.finance).write({"reason": "Changed"})
        with self.assertRaises(AccessError):
            increase.with_user(self.manager_b).read(["amount"])
