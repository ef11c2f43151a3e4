from odoo.addons.sales_governance.tests.robot_server import RobotEventMixin
from odoo.tests import tagged

from .test_special_contract import SpecialContractCase


@tagged("post_install", "-at_install")
class TestContractReviewRobotEvent(RobotEventMixin, SpecialContractCase):
    """An order sent for review reaches the group chat."""

    def test_contract_review_waiting(self):
        """Sending an order for review queues an alert naming the order and its reviewer."""
        order = self._contract(qty=2, discount=15)
        order.with_user(self.rep_a).request_validation()
        message = self._messages(order)
        self.assertEqual(len(message), 1)
        self.assertIn(order.name, message.text)
        self.assertIn("15.0%", message.text)
