from datetime import timedelta

from odoo import fields
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.addons.sales_governance.tests.robot_server import RobotEventMixin
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestComplaintRobotEvent(RobotEventMixin, SalesGovernanceCase):
    """A complaint past its deadline reaches the group chat."""

    def test_complaint_past_deadline(self):
        """The escalation cron queues one alert per complaint past its deadline, once."""
        late = (
            self.env["sales.complaint"]
            .with_user(self.manager_b)
            .create(
                {
                    "partner_id": self.customer_b.id,
                    "description": "交货延迟",
                    "severity": "high",
                    "received_date": fields.Datetime.now() - timedelta(days=5),
                }
            )
        )
        on_time = (
            self.env["sales.complaint"]
            .with_user(self.rep_a)
            .create({"partner_id": self.customer_a.id, "description": "包装破损"})
        )
        Complaint = self.env["sales.complaint"]
        Complaint._cron_escalate_overdue()
        self.assertFalse(self.Message.search([("res_id", "=", on_time.id)]))
        content = self._sent_content(late)
        self.assertTrue(content.startswith("### 投诉已超期"), content)
        self.assertIn(late.name, content)
        self.assertIn("Customer B", content)
        self.assertIn("高", content)
        Complaint._cron_escalate_overdue()  # already escalated: no second alert
        self.assertEqual(self.Message.search_count([("res_id", "=", late.id)]), 1)
