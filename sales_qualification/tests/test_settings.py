from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestSettings(QualificationCase):
    """SPEC §5.7: the numbers of §5.6 are settings, with sane values only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            "sq_admin",
            "base.group_system,sales_qualification.group_qualification_manager",
            name="Admin",
        )

    def _settings(self, **vals):
        return self.env["res.config.settings"].with_user(self.admin).create(vals)

    def test_settings_saved(self):
        """Lead times, remaining validity and borrow days are stored as parameters."""
        self._settings(
            qualification_alert_lead_days="7, 60,30",
            qualification_min_remaining_days=120,
            qualification_max_borrow_days=14,
        ).execute()
        Qualification = self.env["sales.qualification"]
        self.assertEqual(Qualification._get_alert_lead_days(), [60, 30, 7])
        self.assertEqual(Qualification._get_min_remaining_days(), 120)
        self.assertEqual(self.env["sales.qualification.borrow"]._get_max_borrow_days(), 14)

    def test_negative_days_refused(self):
        """Negative days are refused with a clear message."""
        with self.assertRaises(ValidationError):
            self._settings(qualification_min_remaining_days=-1)
        with self.assertRaises(ValidationError):
            self._settings(qualification_max_borrow_days=-5)
        self.assertEqual(self.env["sales.qualification"]._get_min_remaining_days(), 90)

    def test_bad_lead_times_refused(self):
        """Lead times must be positive whole days separated by commas."""
        for value in ("90,-7", "ninety", "0", ""):
            with self.assertRaises(ValidationError):
                self._settings(qualification_alert_lead_days=value)

    def test_manager_without_admin_rights_cannot_change_settings(self):
        """Settings stay with administrators."""
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.manager).create(
                {"qualification_max_borrow_days": 5}
            )
