from datetime import datetime, timedelta

from odoo import fields
from odoo.addons.sales_governance.tests.robot_server import RobotEventMixin
from odoo.tests import freeze_time, tagged

from .common import CollectionCase


@tagged("post_install", "-at_install")
class TestCollectionReminders(CollectionCase):
    """The daily job: reminders before and on the due date, escalation, each once."""

    def _activities(self, line, user):
        return self.env["mail.activity"].search(
            [("res_model", "=", line._name), ("res_id", "=", line.id), ("user_id", "=", user.id)]
        )

    def _run(self, day):
        with freeze_time(datetime.combine(day, datetime.min.time()) + timedelta(hours=2)):
            self.env["sales.collection.line"]._cron_remind()

    def test_reminders_and_escalation_once_each(self):
        """Rep reminded 3 days before and on the due date, manager past 15 days, once each."""
        line = self._confirmed().collection_line_ids
        due = line.due_date = fields.Date.context_today(line) + timedelta(days=10)
        self._run(due - timedelta(days=5))
        self.assertFalse(self._activities(line, self.rep_a))
        self._run(due - timedelta(days=3))
        self.assertEqual(len(self._activities(line, self.rep_a)), 1)
        self._run(due - timedelta(days=2))
        self.assertEqual(len(self._activities(line, self.rep_a)), 1)
        self._run(due)
        self.assertEqual(len(self._activities(line, self.rep_a)), 2)
        self.assertEqual(line.reminder_stage, "due")
        self._run(due + timedelta(days=16))
        self.assertEqual(len(self._activities(line, self.manager_a)), 1)
        self.assertEqual(line.reminder_stage, "escalated")
        self.assertEqual(line.days_overdue, 16)
        self._run(due + timedelta(days=17))
        self.assertEqual(len(self._activities(line, self.manager_a)), 1)

    def test_paid_receipts_are_not_reminded(self):
        """A paid receipt gets no reminder."""
        order = self._confirmed()
        invoice = self._invoice(order)
        self._pay(invoice)
        line = order.collection_line_ids
        self._run(line.due_date + timedelta(days=20))
        self.assertFalse(
            self._activities(line, self.rep_a) | self._activities(line, self.manager_a)
        )
        self.assertEqual(line.reminder_stage, "none")


@tagged("post_install", "-at_install")
class TestCollectionEscalationRobot(RobotEventMixin, CollectionCase):
    """A long overdue receipt reaches the group chat, once."""

    def test_escalation_queues_one_alert(self):
        """Escalating queues one alert naming the customer, the order and the days overdue."""
        line = self._confirmed().collection_line_ids
        line.due_date = fields.Date.context_today(line) - timedelta(days=20)
        self.env["sales.collection.line"]._cron_remind()
        self.env["sales.collection.line"]._cron_remind()
        message = self._messages(line)
        self.assertEqual(len(message), 1)
        self.assertIn(line.order_id.name, message.text)
        self.assertIn("20", message.text)
