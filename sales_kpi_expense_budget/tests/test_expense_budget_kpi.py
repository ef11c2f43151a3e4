from odoo import Command
from odoo.addons.sales_expense_budget.tests.expense_budget_common import ExpenseBudgetCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestExpenseBudgetKpi(ExpenseBudgetCase):
    """Feeds: committed + actual sales expenses and their ratio to confirmed sales,
    per salesperson and per team, for a period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # rep A: 300 submitted + 200 approved, 100 draft and 50 refused (not counted)
        cls._expense(cls.rep_a, 300.0).action_submit()
        approved = cls._expense(cls.rep_a, 200.0)
        approved.action_submit()
        approved.with_user(cls.manager_a).action_approve()
        cls._expense(cls.rep_a, 100.0)
        refused = cls._expense(cls.rep_a, 50.0)
        refused.action_submit()
        refused.with_user(cls.manager_a)._do_refuse("no")
        # rep B: 100 submitted, no sales
        cls._expense(cls.rep_b, 100.0).action_submit()
        # rep A sold 10,000 untaxed (confirmed), and has a quotation that does not count
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_a.id,
                "user_id": cls.rep_a.id,
                "team_id": cls.team_a.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "price_unit": 10000.0, "tax_ids": False}
                    )
                ],
            }
        )
        # confirmed as such: the contract review is not what this test is about
        order.sudo().write({"state": "sale"})
        cls.order = order

    def test_expense_amount_per_user(self):
        """Committed + actual per salesperson; everyone asked for gets a value."""
        amounts = self.env["hr.expense"]._kpi_expense_amount(
            self.date_from, self.date_to, [self.rep_a.id, self.rep_b.id, self.rep_a2.id]
        )
        self.assertEqual(amounts, {self.rep_a.id: 500.0, self.rep_b.id: 100.0, self.rep_a2.id: 0.0})

    def _ratios(self, user_ids, teams=None):
        indicator = self.env.ref("sales_kpi.sales_kpi_indicator_expense_ratio")
        values, note = indicator._kpi_values(self.date_from, self.date_to, user_ids, teams=teams)
        self.assertFalse(note)
        return values

    def test_expense_ratio_per_user(self):
        """The KPI source: expenses over confirmed untaxed sales, in percent (as the scorecards'
        rates); expenses without any sale count against one unit of sales."""
        self.assertEqual(self.order.amount_untaxed, 10000.0)
        ratios = self._ratios([self.rep_a.id, self.rep_b.id, self.rep_a2.id])
        self.assertAlmostEqual(ratios[self.rep_a.id], 5.0)
        self.assertAlmostEqual(ratios[self.rep_b.id], 10000.0)
        self.assertNotIn(self.rep_a2.id, ratios, "no expense, no figure")

    def test_expense_ratio_per_team(self):
        """A manager measured as the team adds up its members' expenses and sales."""
        ratios = self._ratios([self.manager_a.id], teams={self.manager_a.id: self.team_a.id})
        self.assertAlmostEqual(ratios[self.manager_a.id], 5.0)

    def test_other_period_is_empty(self):
        """Nothing dated outside the period counts."""
        start = self.date_from.replace(year=self.date_from.year - 1)
        end = self.date_to.replace(year=self.date_to.year - 1)
        amounts = self.env["hr.expense"]._kpi_expense_amount(start, end, [self.rep_a.id])
        self.assertEqual(amounts, {self.rep_a.id: 0.0})
