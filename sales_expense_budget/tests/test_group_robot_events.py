from odoo.addons.sales_governance.tests.robot_server import RobotEventMixin
from odoo.tests import tagged

from .expense_budget_common import ExpenseBudgetCase


@tagged("post_install", "-at_install")
class TestBudgetIncreaseRobotEvent(RobotEventMixin, ExpenseBudgetCase):
    """A budget increase waiting reaches the group chat."""

    def test_budget_increase_waiting(self):
        """Submitting an increase queues one Chinese alert with the team, amount and reason."""
        increase = (
            self.env["sales.expense.budget.increase"]
            .with_user(self.manager_a)
            .create({"budget_line_id": self.line_a.id, "amount": 2500.0, "reason": "华东展会"})
        )
        self.assertFalse(
            self.Message.search([("res_id", "=", increase.id)]), "a draft waits for nobody"
        )
        increase.action_submit()
        content = self._sent_content(increase)
        self.assertTrue(content.startswith("### 预算追加待审批"), content)
        self.assertIn("Team A", content)
        self.assertIn("2,500.00", content)
        self.assertIn("华东展会", content)
        self.assertIn("在 Odoo 中查看", content)
