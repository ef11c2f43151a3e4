from datetime import timedelta

from odoo.tests import freeze_time, tagged

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestQualificationRobotEvents(QualificationCase):
    """Borrow requests, overdue originals and expiring certificates reach the group robots."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.robot = cls.env["sales.notify.robot"].create(
            {
                "name": "资质群",
                "kind": "dingtalk",
                "webhook_url": "http://127.0.0.1:9/robot/send?access_token=t",
                "secret": "SECq",
                "event_ids": [(6, 0, cls.env["sales.notify.event"].search([]).ids)],
            }
        )
        cls.Message = cls.env["sales.notify.message"]

    def _messages(self, record, event):
        return self.Message.search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("event_id.code", "=", event),
            ]
        )

    def test_borrow_request_waiting(self):
        """A borrow request queues an alert for the approver's group."""
        borrow = self._borrow(purpose="投标")
        borrow.action_request()
        message = self._messages(borrow, "borrow_request")
        self.assertEqual(len(message), 1)
        self.assertIn("Qual User", message.text)
        self.assertIn("投标", message.text)

    def test_borrow_overdue(self):
        """The overdue reminder also queues an alert, once a day."""
        borrow = self._approved_borrow(days=3)
        borrow.with_user(self.custodian).action_checkout()
        with freeze_time(self.TODAY + timedelta(days=5)):
            self.env["sales.qualification.borrow"]._cron_remind_overdue()
            self.env["sales.qualification.borrow"]._cron_remind_overdue()
        message = self._messages(borrow, "borrow_overdue")
        self.assertEqual(len(message), 1)
        self.assertIn(self.certificate.name, message.text)

    def test_certificate_expiry_lead_time(self):
        """A certificate reaching its 90-day lead time queues one alert."""
        expiring = self._create_qualification("Expiring", "SQ-0300", 90, state="valid")
        self.env["sales.qualification"]._cron_check_expiry()
        self.env["sales.qualification"]._cron_check_expiry()
        message = self._messages(expiring, "certificate_expiry")
        self.assertEqual(len(message), 1)
        self.assertIn("SQ-0300", message.text)
        self.assertFalse(self._messages(self.certificate, "certificate_expiry"))
