from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestExpiry(QualificationCase):
    """Expiry: daily cron with lead times, expiry on the day, renewal history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Expires 100 days after TODAY.
        cls.expiring = cls._create_qualification("Expiring", "SQ-0200", 100, state="valid")

    def _run_cron_on(self, days_before_expiry):
        """Run the daily job as if it were ``days_before_expiry`` days before expiry."""
        day = self.expiring.expiry_date - timedelta(days=days_before_expiry)
        with freeze_time(day):
            self.env["sales.qualification"]._cron_check_expiry()
            self.env.invalidate_all()

    def test_no_alert_before_first_lead_time(self):
        """Nothing happens while expiry is further away than the first lead time."""
        self._run_cron_on(91)
        self.assertFalse(self._expiry_activities(self.expiring))

    def test_alert_custodian_and_manager(self):
        """At 90 days the custodian and the manager each get an activity."""
        self._run_cron_on(90)
        activities = self._expiry_activities(self.expiring)
        self.assertEqual(activities.user_id, self.custodian | self.manager)
        self.assertEqual(set(activities.mapped("date_deadline")), {self.expiring.expiry_date})
        self.assertEqual(self.expiring.alert_lead_days, 90)

    def test_cron_twice_no_duplicates(self):
        """Running the job twice on the same day, or the day after, creates nothing more."""
        self._run_cron_on(90)
        first = self._expiry_activities(self.expiring)
        self._run_cron_on(90)
        self._run_cron_on(89)
        self.assertEqual(self._expiry_activities(self.expiring), first)

    def test_each_lead_time_alerts_again(self):
        """The 30 and 7 day lead times replace the earlier alert by a new one."""
        self._run_cron_on(90)
        first = self._expiry_activities(self.expiring)
        self._run_cron_on(30)
        second = self._expiry_activities(self.expiring)
        self.assertEqual(len(second), 2)
        self.assertFalse(first & second)
        self.assertIn("30", second[0].summary)
        self._run_cron_on(7)
        self.assertEqual(self.expiring.alert_lead_days, 7)

    def test_missed_days_alert_once(self):
        """A job that did not run for weeks sends only the alert of the current lead time."""
        self._run_cron_on(20)
        self.assertEqual(len(self._expiry_activities(self.expiring)), 2)
        self.assertEqual(self.expiring.alert_lead_days, 30)

    def test_lead_times_from_settings(self):
        """Lead times come from the settings."""
        self.company.qualification_alert_lead_days = "60, 10"
        self._run_cron_on(90)
        self.assertFalse(self._expiry_activities(self.expiring))
        self._run_cron_on(60)
        self.assertEqual(self.expiring.alert_lead_days, 60)

    def test_expired_on_the_day(self):
        """A certificate is still valid the day before its expiry date, expired on the day."""
        self._run_cron_on(1)
        self.assertEqual(self.expiring.state, "valid")
        self._run_cron_on(0)
        self.assertEqual(self.expiring.state, "expired")
        self.assertEqual(len(self._expiry_activities(self.expiring)), 2)
        self._run_cron_on(-1)
        self.assertEqual(len(self._expiry_activities(self.expiring)), 2)

    def test_expire_leaves_other_states(self):
        """Revoked and draft certificates are left as they are."""
        draft = self._create_qualification("Draft", "SQ-0201", 100)
        self.expiring.with_user(self.manager).action_revoke()
        self._run_cron_on(-5)
        self.assertEqual((self.expiring.state, draft.state), ("revoked", "draft"))

    def _renew(self, user, expiry_days, qualification=None):
        qualification = qualification or self.expiring
        wizard = (
            self.env["sales.qualification.renew.wizard"]
            .with_user(user)
            .create(
                {
                    "qualification_id": qualification.id,
                    "number": "SQ-0200-R",
                    "issue_date": self.TODAY,
                    "expiry_date": self.TODAY + timedelta(days=expiry_days),
                    "note": "Renewed by the authority",
                }
            )
        )
        wizard.action_confirm()

    def test_renewal_keeps_history(self):
        """A renewal records old and new dates, revives an expired certificate and re-arms alerts."""
        self._run_cron_on(0)
        old_expiry = self.expiring.expiry_date
        self._renew(self.custodian, 1900)
        renewal = self.expiring.renewal_ids
        self.assertEqual(len(renewal), 1)
        self.assertEqual((renewal.old_expiry_date, renewal.old_number), (old_expiry, "SQ-0200"))
        self.assertEqual(self.expiring.number, "SQ-0200-R")
        self.assertEqual(self.expiring.state, "valid")
        self.assertEqual(self.expiring.alert_lead_days, 0)
        self.assertFalse(self._expiry_activities(self.expiring))

    def test_renewal_must_extend(self):
        """A renewal that does not extend the validity is refused."""
        with self.assertRaises(ValidationError):
            self._renew(self.custodian, 50)
        self.assertFalse(self.expiring.renewal_ids)

    def test_user_cannot_renew(self):
        """A plain user cannot renew a certificate."""
        with self.assertRaises(AccessError):
            self._renew(self.user, 1900)

    def test_renewal_history_read_only(self):
        """Nobody edits or deletes the renewal history."""
        self._renew(self.custodian, 1900)
        renewal = self.expiring.renewal_ids
        with self.assertRaises(AccessError):
            renewal.with_user(self.manager).write({"old_number": "forged"})
        with self.assertRaises(AccessError):
            renewal.with_user(self.manager).unlink()
        self.assertEqual(
            renewal.with_user(self.user).read(["old_number"])[0]["old_number"], "SQ-0200"
        )
