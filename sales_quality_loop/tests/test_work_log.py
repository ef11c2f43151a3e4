from datetime import date, timedelta

import psycopg2

from odoo import Command, fields
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestWorkLog(SalesGovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["sales.work.log"]
        # Last maintained long ago, so that a renewal shows.
        cls.old = fields.Datetime.now() - timedelta(days=60)
        cls.customer_a.sudo().write({"last_maintenance_date": cls.old})
        cls.customer_b.sudo().write({"last_maintenance_date": cls.old})

    def _log(self, user, partner=None, **vals):
        partner = partner or self.customer_a
        return self.Log.with_user(user).create(
            {
                "line_ids": [
                    Command.create(
                        {"partner_id": partner.id, "contact_type": "visit", "summary": "拜访"}
                    )
                ],
                **vals,
            }
        )

    def test_submit_renews_protection_of_own_customers(self):
        """Submitting a log counts as maintenance of each customer the rep owns."""
        log = self._log(self.rep_a)
        log.with_user(self.rep_a).action_submit()
        self.assertEqual(log.state, "submitted")
        self.assertGreater(self.customer_a.last_maintenance_date, self.old)
        self.assertEqual(
            self.customer_a.protection_end_date,
            fields.Date.today() + timedelta(days=self.customer_a._get_protection_days()),
        )

    def test_other_reps_protected_customer_refused_with_owner(self):
        """A line about another rep's protected customer names its owner."""
        with self.assertRaisesRegex(UserError, "Rep B"), self.cr.savepoint():
            self._log(self.rep_a, self.customer_b)
        log = self._log(self.rep_a)
        with self.assertRaisesRegex(UserError, "Rep B"):
            log.line_ids.with_user(self.rep_a).write({"partner_id": self.customer_b.id})
        self.assertEqual(self.customer_b.last_maintenance_date, self.old)

    def test_pool_customer_claimed_first_partner_outside_lock_allowed(self):
        """A pool customer is claimed before it is logged (the rep may not read it); a partner
        outside the lock may be logged, and nobody's protection changes."""
        with self.assertRaisesRegex(UserError, "claim"), self.cr.savepoint():
            self._log(self.rep_a, self.pool_customer)
        log = self._log(self.rep_a, self.vendor)
        log.with_user(self.rep_a).action_submit()
        self.assertFalse(self.vendor.ownership_state)

    def test_one_log_per_day(self):
        """A rep writes one log a day."""
        self._log(self.rep_a)
        with (
            self.assertRaises(psycopg2.IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._log(self.rep_a)
            self.env.flush_all()

    def test_submitted_log_locked(self):
        """A submitted log and its lines cannot be edited, nor lines added."""
        log = self._log(self.rep_a)
        log.with_user(self.rep_a).action_submit()
        with self.assertRaises(UserError):
            log.with_user(self.rep_a).write({"date": date(2020, 1, 1)})
        with self.assertRaises(UserError):
            log.line_ids.with_user(self.rep_a).write({"summary": "changed"})
        with self.assertRaises(UserError):
            self.env["sales.work.log.line"].with_user(self.rep_a).create(
                {"log_id": log.id, "partner_id": self.customer_a.id, "summary": "late"}
            )
        with self.assertRaises(UserError):
            log.line_ids.with_user(self.rep_a).unlink()
        with self.assertRaises(UserError):
            log.with_user(self.rep_a).unlink()

    def test_state_written_only_by_actions(self):
        """An RPC write of the state or of the reviewer is refused."""
        log = self._log(self.rep_a)
        with self.assertRaises(AccessError):
            log.with_user(self.rep_a).write({"state": "submitted"})
        with self.assertRaises(AccessError):
            log.with_user(self.manager_a).write({"state": "reviewed"})
        with self.assertRaises(AccessError):
            self.Log.with_user(self.rep_a).create({"date": date(2020, 1, 2), "state": "reviewed"})
        with self.assertRaises(AccessError):
            self.Log.with_user(self.rep_a).create(
                {"date": date(2020, 1, 3), "user_id": self.rep_a2.id}
            )
        self.assertEqual(log.state, "draft")

    def test_only_author_submits(self):
        """The manager cannot submit a rep's log; an empty log cannot be submitted."""
        log = self._log(self.rep_a)
        with self.assertRaises(AccessError):
            log.with_user(self.manager_a).action_submit()
        empty = self.Log.with_user(self.rep_a2).create({})
        with self.assertRaises(UserError):
            empty.with_user(self.rep_a2).action_submit()

    def test_manager_comments_and_reviews(self):
        """Only the rep's manager (or a director) comments and reviews, also once locked."""
        log = self._log(self.rep_a)
        log.with_user(self.rep_a).action_submit()
        with self.assertRaises(AccessError):
            log.with_user(self.rep_a).write({"manager_comment": "self praise"})
        with self.assertRaises(AccessError):
            log.with_user(self.manager_b).write({"manager_comment": "not mine"})
        with self.assertRaises(AccessError):
            log.with_user(self.rep_a).action_review()
        log.with_user(self.manager_a).write({"manager_comment": "跟进报价"})
        log.with_user(self.manager_a).action_review()
        self.assertEqual(log.state, "reviewed")
        self.assertEqual(log.reviewer_id, self.manager_a)
        log.with_user(self.director).write({"manager_comment": "同意"})
        self.assertEqual(log.manager_comment, "同意")

    def test_manager_b_cannot_see_or_review(self):
        """A manager of another team neither sees nor reviews the log."""
        log = self._log(self.rep_a)
        log.with_user(self.rep_a).action_submit()
        with self.assertRaises(AccessError):
            log.with_user(self.manager_b).action_review()

    def test_next_date_before_log_refused(self):
        """The next contact cannot be planned before the day of the log."""
        log = self._log(self.rep_a)
        with self.assertRaises(ValidationError):
            log.line_ids.with_user(self.rep_a).write({"next_date": log.date - timedelta(days=1)})

    def test_future_log_refused(self):
        """A log cannot be written for a day still to come: the rep writes on the day, and
        not even the system writes ahead."""
        with self.assertRaisesRegex(AccessError, "late entry"):
            self._log(self.rep_a, date=date.today() + timedelta(days=2))
        with self.assertRaises(ValidationError):
            self.Log.create({"user_id": self.rep_a.id, "date": date.today() + timedelta(days=2)})

    def test_lead_fills_customer(self):
        """Choosing an opportunity fills in its customer."""
        log = self.Log.with_user(self.rep_a).create(
            {"line_ids": [Command.create({"lead_id": self.lead_a.id, "summary": "报价"})]}
        )
        self.assertEqual(log.line_ids.partner_id, self.customer_a)

    def test_cron_reminds_once(self):
        """Reps without a log for the previous working day get one draft log with an
        activity, once."""
        Log = self.Log.sudo()
        today = fields.Date.context_today(Log)
        day = Log._previous_working_day(self.env.company, today)
        self.assertLess(day, today)
        self.assertLess(day.weekday(), 5)
        done = Log.create({"user_id": self.rep_a2.id, "date": day})
        Log._cron_remind_missing_logs()
        reminded = Log.search(
            [("date", "=", day), ("user_id", "in", (self.rep_a | self.rep_b).ids)]
        )
        self.assertEqual(reminded.user_id, self.rep_a | self.rep_b)
        self.assertTrue(all(log.activity_ids.user_id == log.user_id for log in reminded))
        self.assertFalse(done.activity_ids)
        # Managers lead teams, they are not reminded as members.
        self.assertFalse(Log.search([("date", "=", day), ("user_id", "=", self.manager_a.id)]))
        activities = self.env["mail.activity"].search_count([("res_model", "=", "sales.work.log")])
        Log._cron_remind_missing_logs()
        self.assertEqual(
            self.env["mail.activity"].search_count([("res_model", "=", "sales.work.log")]),
            activities,
        )

    def test_previous_working_day_skips_weekend(self):
        """On a Monday, the previous working day is Friday."""
        monday = date(2026, 11, 23)
        self.assertEqual(
            self.Log._previous_working_day(self.env.company, monday), date(2026, 11, 20)
        )
