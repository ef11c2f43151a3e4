from odoo import Command, fields
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.tests import new_test_user


class ExpenseBudgetCase(SalesGovernanceCase):
    """Budgets of team A (approved, travel 1000 + entertainment 500), team B (approved,
    travel 800) and one of rep_a2 alone (approved, travel 300); employees for the reps.
    finance: finance reviewer of budget increases; admin: governance administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = new_test_user(
            cls.env,
            "sg_finance",
            "base.group_user,sales_governance.group_contract_finance_reviewer",
            name="Finance",
        )
        cls.admin = new_test_user(
            cls.env, "sg_gov_admin", "sales_governance.group_governance_admin", name="Gov Admin"
        )
        cls.company = cls.env.company
        cls.company.write(
            {
                "expense_budget_policy": "block",
                "expense_budget_required": False,
                "expense_increase_finance_threshold": 5000.0,
            }
        )
        cls.travel = cls.env.ref("sales_expense_budget.sales_expense_category_travel")
        cls.entertainment = cls.env.ref("sales_expense_budget.sales_expense_category_entertainment")
        cls.office = cls.env.ref("sales_expense_budget.sales_expense_category_office")
        cls.travel_product = cls.env.ref("sales_expense_budget.product_sales_expense_travel")
        cls.entertainment_product = cls.env.ref(
            "sales_expense_budget.product_sales_expense_entertainment"
        )
        cls.office_product = cls.env.ref("sales_expense_budget.product_sales_expense_office")
        Employee = cls.env["hr.employee"]
        for user in (cls.rep_a, cls.rep_a2, cls.rep_b, cls.manager_a, cls.manager_b):
            Employee.create({"name": user.name, "user_id": user.id})
        today = fields.Date.context_today(cls.env["res.users"])
        cls.date_from = today.replace(day=1)
        cls.date_to = fields.Date.end_of(today, "month")
        cls.today = today
        cls.budget_a = cls._approved_budget(
            "Team A budget", cls.team_a, [(cls.travel, 1000.0), (cls.entertainment, 500.0)]
        )
        cls.budget_b = cls._approved_budget("Team B budget", cls.team_b, [(cls.travel, 800.0)])
        cls.budget_a2 = cls._approved_budget(
            "Rep A2 budget", cls.team_a, [(cls.travel, 300.0)], user=cls.rep_a2
        )
        cls.line_a = cls.budget_a.line_ids.filtered(lambda line: line.category_id == cls.travel)
        cls.line_a_ent = cls.budget_a.line_ids - cls.line_a
        cls.line_b = cls.budget_b.line_ids
        cls.line_a2 = cls.budget_a2.line_ids

    @classmethod
    def _budget_vals(cls, name, team, lines, user=None, **vals):
        return {
            "name": name,
            "team_id": team.id,
            "user_id": user.id if user else False,
            "date_from": cls.date_from,
            "date_to": cls.date_to,
            "line_ids": [
                Command.create({"category_id": category.id, "planned_amount": amount})
                for category, amount in lines
            ],
            **vals,
        }

    @classmethod
    def _approved_budget(cls, name, team, lines, user=None):
        budget = (
            cls.env["sales.expense.budget"]
            .with_user(team.user_id)
            .create(cls._budget_vals(name, team, lines, user))
        )
        budget.action_submit()
        budget.with_user(cls.director).action_approve()
        return budget.sudo(False).with_env(cls.env)

    @classmethod
    def _expense(cls, user, amount, product=None, date=None, **vals):
        return (
            cls.env["hr.expense"]
            .with_user(user)
            .create(
                {
                    "name": f"Expense {amount}",
                    "employee_id": user.employee_id.id,
                    "product_id": (product or cls.travel_product).id,
                    "total_amount_currency": amount,
                    "date": date or cls.today,
                    **vals,
                }
            )
        )
