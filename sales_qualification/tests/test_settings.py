from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestSettings(QualificationCase):
    """The qualification numbers are settings of each company,
    with sane values only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            "sq_admin",
            "base.group_system,sales_qualification.group_qualification_manager",
            name="Admin",
        )
        cls.company2 = cls.env["res.company"].create({"name": "Wuhu Branch"})
        cls.admin.write({"company_ids": [(4, cls.company2.id)]})

    def _settings(self, company=None, **vals):
        user = self.admin.with_company(company or self.company)
        return (
            self.env["res.config.settings"]
            .with_user(user)
            .with_company(user.company_id)
            .create(vals)
        )

    def test_settings_saved(self):
        """Lead times, remaining validity and borrow days are stored on the company."""
        self._settings(
            qualification_alert_lead_days="7, 60,30",
            qualification_min_remaining_days=120,
            qualification_max_borrow_days=14,
        ).execute()
        Qualification = self.env["sales.qualification"]
        self.assertEqual(Qualification._get_alert_lead_days(), [60, 30, 7])
        self.assertEqual(Qualification._get_min_remaining_days(), 120)
        self.assertEqual(self.env["sales.qualification.borrow"]._get_max_borrow_days(), 14)
        self.assertEqual(self.company.qualification_max_borrow_days, 14)

    def test_settings_per_company(self):
        """Each company keeps its own settings."""
        self.company.qualification_max_borrow_days = 14
        self.company2.qualification_max_borrow_days = 60
        Borrow = self.env["sales.qualification.borrow"]
        self.assertEqual(Borrow._get_max_borrow_days(self.company), 14)
        self.assertEqual(Borrow._get_max_borrow_days(self.company2), 60)
        self.assertEqual(
            self.env["sales.qualification"].with_company(self.company2)._get_alert_lead_days(),
            [90, 30, 7],
        )

    def test_bounds_accepted(self):
        """The bounds themselves are accepted: 0 days (no limit, no margin) and ten years."""
        self._settings(qualification_min_remaining_days=0, qualification_max_borrow_days=0)
        self._settings(
            qualification_alert_lead_days="3650,1",
            qualification_min_remaining_days=3650,
            qualification_max_borrow_days=3650,
        )
        self.assertEqual(self.company.qualification_max_borrow_days, 3650)

    def test_negative_or_huge_days_refused(self):
        """Negative or absurd day counts are refused with a clear message; nothing is kept."""
        for vals in (
            {"qualification_min_remaining_days": -1},
            {"qualification_max_borrow_days": -5},
            {"qualification_min_remaining_days": 100000},
            {"qualification_max_borrow_days": 3651},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as refusal:
                self._settings(**vals)
            self.assertIn("between", str(refusal.exception))
        self.company.invalidate_recordset()
        self.assertEqual(self.env["sales.qualification"]._get_min_remaining_days(), 90)
        self.assertEqual(self.company.qualification_max_borrow_days, 30)

    def test_bad_lead_times_refused(self):
        """Lead times must be whole days from 1 to 3650 separated by commas."""
        for value in ("90,-7", "ninety", "0", "", "90,4000"):
            with self.subTest(value=value), self.assertRaises(ValidationError) as refusal:
                self._settings(qualification_alert_lead_days=value)
            self.assertIn("90,30,7", str(refusal.exception))
        self.company.invalidate_recordset()
        self.assertEqual(self.company.qualification_alert_lead_days, "90,30,7")

    def test_bounds_hold_on_the_company(self):
        """The bounds hold however the company is written (RPC on res.company)."""
        with self.assertRaises(ValidationError):
            self.company.with_user(self.admin).write({"qualification_max_borrow_days": -1})

    def test_manager_without_admin_rights_cannot_change_settings(self):
        """Settings stay with administrators."""
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.manager).create(
                {"qualification_max_borrow_days": 5}
            )
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).write({"qualification_max_borrow_days": 5})
