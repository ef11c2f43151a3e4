from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .expense_budget_common import ExpenseBudgetCase


@tagged("post_install", "-at_install")
class TestExpenseBudgetIntegrity(ExpenseBudgetCase):
    """What a budget decision was made on holds: positive amounts, converted at the company's
    rates, changed only through the workflow; increases stay on their team's budget."""

    def test_negative_expense_refused(self):
        """A negative sales expense is refused; a positive one is drafted."""
        with self.assertRaises(ValidationError):
            self._expense(self.rep_a, -5000.0, self.entertainment_product)
        expense = self._expense(self.rep_a, 100.0, self.entertainment_product)
        with self.assertRaises(ValidationError):
            expense.write({"total_amount_currency": -5000.0})
        self.assertEqual(expense.budget_amount, 100.0)

    def test_approver_cannot_raise_approved_amount(self):
        """The approving manager cannot change what the approval was given on, submitted or
        approved; the notes stay open."""
        expense = self._expense(self.rep_a, 100.0)
        expense.action_submit()
        approver = expense.with_user(self.manager_a)
        changes = (
            {"total_amount_currency": 5000.0},
            {"total_amount": 5000.0},
            {"quantity": 50},
            {"date": self.date_to.replace(year=self.date_to.year + 1)},
            {"product_id": self.entertainment_product.id},
        )
        for vals in changes:
            with self.subTest(vals=vals), self.assertRaises(UserError):
                approver.write(vals)
        approver.action_approve()
        for vals in changes:
            with self.subTest(vals=vals), self.assertRaises(UserError):
                approver.write(vals)
        approver.write({"description": "Taxi to the client"})
        self.assertEqual(expense.total_amount_currency, 100.0)
        self.assertEqual(self.line_a.committed_amount, 100.0)

    def test_change_goes_through_the_workflow(self):
        """Submitted, not even the employee changes the amount; reset to draft, changed and
        submitted again, the budget is checked again."""
        expense = self._expense(self.rep_a, 100.0)
        expense.action_submit()
        with self.assertRaises(UserError):
            expense.write({"total_amount_currency": 5000.0})
        self.assertEqual(expense.total_amount_currency, 100.0)
        expense.action_reset()
        expense.write({"total_amount_currency": 5000.0})
        with self.assertRaises(UserError):
            expense.action_submit()
        self.assertEqual(self.line_a.committed_amount, 0.0)

    def _foreign_currency(self):
        company_currency = self.company.currency_id
        currency = self.env.ref("base.USD")
        if currency == company_currency:
            currency = self.env.ref("base.EUR")
        currency.active = True
        # 1 unit of the company's currency buys 0.2 of it: 1 unit of it is 5 of the company's
        self.env["res.currency.rate"].search(
            [("currency_id", "in", (currency | company_currency).ids)]
        ).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": currency.id, "rate": 0.2, "name": self.date_from}
        )
        return currency

    def test_foreign_expense_counts_at_company_rate(self):
        """A foreign-currency expense counts at the company's rate, not at a rate typed on it."""
        currency = self._foreign_currency()
        small = self._expense(self.rep_a, 100.0, currency_id=currency.id)
        self.assertAlmostEqual(small.budget_amount, 500.0)
        small.action_submit()
        self.assertAlmostEqual(self.line_a.committed_amount, 500.0)
        large = self._expense(self.rep_a, 200.0, currency_id=currency.id)
        # a rate of 0.0001 typed on the expense: 200 would count as 0.02
        large.write({"total_amount": 0.02})
        self.assertAlmostEqual(large.budget_amount, 1000.0)
        with self.assertRaises(UserError):
            large.action_submit()
        self.assertEqual(large.state, "draft")

    def test_increase_stays_on_its_team(self):
        """A manager moves a draft increase between the lines of their team, not onto another
        team's; the director may."""
        increase = (
            self.env["sales.expense.budget.increase"]
            .with_user(self.manager_b)
            .create({"budget_line_id": self.line_b.id, "amount": 500.0, "reason": "Fair"})
        )
        with self.assertRaises(AccessError):
            increase.write({"budget_line_id": self.line_a.id})
        self.assertEqual(increase.sudo().budget_line_id, self.line_b)
        own = (
            self.env["sales.expense.budget.increase"]
            .with_user(self.manager_a)
            .create({"budget_line_id": self.line_a.id, "amount": 500.0, "reason": "Fair"})
        )
        own.write({"budget_line_id": self.line_a_ent.id})
        self.assertEqual(own.team_id, self.team_a)
        increase.with_user(self.director).write({"budget_line_id": self.line_a.id})
        self.assertEqual(increase.sudo().team_id, self.team_a)
