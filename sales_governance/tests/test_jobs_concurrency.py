import threading
import uuid
from datetime import timedelta
from unittest.mock import patch

from odoo import api, fields, modules, sql_db
from odoo.addons.sales_governance_base.jobs import job_lock, run_batches
from odoo.tests import BaseCase, TransactionCase, freeze_time, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL

from .robot_server import RobotServer

WAIT = 20  # seconds a thread waits for the other at most (a hang fails, never blocks CI)


class TwoWorkersCase(BaseCase):
    """Two workers (threads, each with its own committed transaction, as Odoo's workers
    have) run the same job at the same moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = get_db_name()
        cls.tag = uuid.uuid4().hex[:8]

    @classmethod
    def _cursor(cls):
        return sql_db.db_connect(cls.dbname).cursor()

    def _run_in_threads(self, first, second):
        """Run ``first(env)`` and ``second(env)`` in two threads, each in a transaction of its
        own committed at the end (rolled back on error). Returns the errors of each."""
        errors = {}

        def worker(name, function):
            try:
                with self._cursor() as cr:
                    function(api.Environment(cr, api.SUPERUSER_ID, {}))
            except Exception as exc:
                errors[name] = exc

        threads = [
            threading.Thread(target=worker, args=("first", first)),
            threading.Thread(target=worker, args=("second", second)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT * 2)
            self.assertFalse(thread.is_alive(), "a worker hangs")
        return errors


@tagged("post_install", "-at_install")
class TestOutboxTwoWorkers(TwoWorkersCase):
    """The robot outbox sent by two workers at once: every message goes out once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = RobotServer()
        cls.addClassCleanup(cls.server.stop)

    def setUp(self):
        super().setUp()
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            robots = env["sales.notify.robot"].create(
                [
                    {"name": f"并发群{i}-{self.tag}", "webhook_url": f"{self.server.url}/r{i}"}
                    for i in range(2)
                ]
            )
            self.robot_ids = robots.ids
            env["sales.notify.message"].create(
                [
                    {"robot_id": robot.id, "title": f"{robot.name}-消息{n}", "text": "并发"}
                    for robot in robots
                    for n in range(3)
                ]
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["sales.notify.robot"].browse(self.robot_ids).unlink()

    def test_each_message_sent_once(self):
        """Both workers send at the same moment (a slow robot keeps them overlapping): each of
        the six messages reaches its robot once, and each is logged sent after one attempt."""
        self.server.delay = 0.3
        self.addCleanup(setattr, self.server, "delay", 0)
        start = threading.Barrier(2, timeout=WAIT)

        def send(env):
            start.wait()
            env["sales.notify.message"]._cron_send()

        errors = self._run_in_threads(send, send)
        self.assertEqual(errors, {})
        titles = [r["json"]["markdown"]["content"].splitlines()[0] for r in self.server.requests]
        expected = sorted(f"### 并发群{i}-{self.tag}-消息{n}" for i in range(2) for n in range(3))
        self.assertEqual(sorted(titles), expected)
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT state, attempt_count, count(*) FROM sales_notify_message "
                    "WHERE robot_id IN %s GROUP BY state, attempt_count",
                    tuple(self.robot_ids),
                )
            )
            self.assertEqual(cr.fetchall(), [("sent", 1, 6)])
            cr.execute(
                SQL(
                    "SELECT sum(message_count) FROM sales_notify_attempt WHERE robot_id IN %s",
                    tuple(self.robot_ids),
                )
            )
            self.assertEqual(cr.fetchone()[0], 6)


@tagged("post_install", "-at_install")
class TestOwnershipJobTwoWorkers(TwoWorkersCase):
    """The daily ownership job run by two workers at once: each customer is warned once,
    marked stale once, logged once, alerted once."""

    def setUp(self):
        super().setUp()
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            rep = new_test_user(
                env, f"jobrace_{self.tag}", "base.group_user,sales_governance.group_sales_rep"
            )
            self.rep_id = rep.id
            self.rep_partner_id = rep.partner_id.id
            company = env.company
            # Long ago, so that no customer of the database is concerned but these two.
            maintained = fields.Datetime.to_datetime("2001-01-01 00:00:00")
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"{name}{self.tag}",
                        "is_company": True,
                        "company_id": company.id,
                        "user_id": rep.id,
                        "ownership_state": "protected",
                    }
                    for name in ("并发过期客户", "并发预警客户")
                ]
            )
            partners[0].last_maintenance_date = maintained
            partners[1].last_maintenance_date = maintained + timedelta(days=3)
            self.expired_id, self.warned_id = partners.ids
            self.today = partners[0].protection_end_date + timedelta(days=1)
            self.assertLessEqual(
                partners[1].protection_end_date,
                self.today + timedelta(days=company.release_warning_days),
            )
            self.assertGreaterEqual(partners[1].protection_end_date, self.today)
            robot = env["sales.notify.robot"].create(
                {
                    "name": f"并发任务群{self.tag}",
                    "webhook_url": "http://127.0.0.1:9/never-called",
                    "event_ids": [
                        (6, 0, env.ref("sales_governance.sales_notify_event_customer_stale").ids)
                    ],
                }
            )
            self.robot_id = robot.id
        self.addCleanup(self._cleanup)
        self.chatter_before = self._effects()[4]  # the creation's tracking

    def _cleanup(self):
        ids = (self.expired_id, self.warned_id)
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    "DELETE FROM sales_notify_robot WHERE id = %s;"
                    "DELETE FROM sales_customer_ownership_log WHERE partner_id IN %s;"
                    "DELETE FROM mail_activity WHERE res_model = 'res.partner' AND res_id IN %s;"
                    "DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s;"
                    "DELETE FROM res_partner WHERE id IN %s",
                    self.robot_id,
                    ids,
                    ids,
                    ids,
                    ids,
                )
            )
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            user = env["res.users"].browse(self.rep_id)
            partner = user.partner_id
            user.unlink()
            partner.unlink()

    def _effects(self):
        """What the job did, counted in the database."""
        ids = (self.expired_id, self.warned_id)
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT
                      (SELECT count(*) FROM mail_activity
                        WHERE res_model = 'res.partner' AND res_id = %(warned)s),
                      (SELECT ownership_warned_date IS NOT NULL FROM res_partner
                        WHERE id = %(warned)s),
                      (SELECT ownership_state FROM res_partner WHERE id = %(expired)s),
                      (SELECT count(*) FROM sales_customer_ownership_log
                        WHERE partner_id IN %(ids)s),
                      (SELECT count(*) FROM mail_message
                        WHERE model = 'res.partner' AND res_id = %(expired)s
                          AND message_type = 'notification'),
                      (SELECT count(*) FROM sales_notify_message WHERE robot_id = %(robot)s)
                    """,
                    warned=self.warned_id,
                    expired=self.expired_id,
                    ids=ids,
                    robot=self.robot_id,
                )
            )
            return cr.fetchone()

    def _assert_once(self, errors):
        self.assertEqual(errors, {}, "the second run stops quietly")
        warned_activities, warned, state, logs, chatter, alerts = self._effects()
        self.assertEqual(
            (warned_activities, warned, state, logs, chatter - self.chatter_before, alerts),
            (1, True, "stale", 1, 1, 1),
        )

    def test_job_runs_once_while_the_other_runs(self):
        """The second worker starts while the first one is still in its transaction: it does
        not wait for it and does nothing; the first one does everything, once."""
        ran, second_done = threading.Event(), threading.Event()

        def first(env):
            env["res.partner"]._cron_ownership()
            ran.set()
            second_done.wait(WAIT)  # the transaction stays open while the second one runs

        def second(env):
            ran.wait(WAIT)
            try:
                env["res.partner"]._cron_ownership()
            finally:
                second_done.set()

        with freeze_time(self.today):
            errors = self._run_in_threads(first, second)
        self.assertTrue(second_done.is_set())
        self._assert_once(errors)

    def test_job_with_an_older_snapshot_does_nothing_again(self):
        """The second worker's transaction began before the first one committed, and runs
        the job after that commit: what its snapshot still shows as to do is not done again
        (it finds it locked by the rows' new version and gives up)."""
        snapshot, committed = threading.Event(), threading.Event()

        def first(env):
            snapshot.wait(WAIT)
            env["res.partner"]._cron_ownership()
            env.cr.commit()
            committed.set()

        def second(env):
            env.cr.execute("SELECT count(*) FROM res_partner")  # the snapshot is taken here
            snapshot.set()
            committed.wait(WAIT)
            env["res.partner"]._cron_ownership()

        with freeze_time(self.today):
            errors = self._run_in_threads(first, second)
        self.assertTrue(committed.is_set())
        self._assert_once(errors)


@tagged("post_install", "-at_install")
class TestJobLock(TwoWorkersCase):
    """The lock every daily job takes first (certificate expiry, overdue borrows, complaint
    deadlines, missing work logs, the ownership job, the archive refresh)."""

    def tearDown(self):
        with self._cursor() as cr:
            cr.execute(SQL("DELETE FROM sales_job_run WHERE name = %s", f"test_{self.tag}"))
        super().tearDown()

    def test_one_run_at_a_time_and_never_on_an_old_snapshot(self):
        name = f"test_{self.tag}"
        with self._cursor() as cr1, self._cursor() as cr2:
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
            cr2.execute("SELECT 1 FROM res_users LIMIT 1")  # worker 2's snapshot starts
            self.assertTrue(job_lock(env1, name))
            self.assertTrue(job_lock(env1, name), "the running job takes it again")
            self.assertFalse(job_lock(env2, name), "a second run at the same moment")
            cr1.commit()
            self.assertFalse(job_lock(env2, name), "a run that cannot see the first one")
            cr2.rollback()
            self.assertTrue(job_lock(env2, name), "the next run, later")


@tagged("post_install", "-at_install")
class TestRunBatches(TransactionCase):
    """Long jobs work in batches, each committed through the cron's progress."""

    def test_batches_until_a_short_one(self):
        sizes = iter([2, 2, 1])
        calls = []

        def step(limit):
            calls.append(limit)
            return next(sizes)

        self.assertTrue(run_batches(self.env, "test_batches", step, size=2))
        self.assertEqual(calls, [2, 2, 2])

    def test_time_up_stops_and_leaves_the_rest_for_the_next_run(self):
        """Under a cron whose time is up, the job stops after the committed batch and says
        that work remains (Odoo then runs it again at once)."""
        calls = []

        def step(limit):
            calls.append(limit)
            return limit

        env = self.env(context=dict(self.env.context, cron_id=1))
        IrCron = type(self.env["ir.cron"])
        with (
            patch.object(modules.module, "current_test", False),
            patch.object(IrCron, "_commit_progress", autospec=True, return_value=0) as commit,
        ):
            self.assertFalse(run_batches(env, "test_batches", step, size=2))
        self.assertEqual(calls, [2])
        commit.assert_called_once()
        self.assertEqual(commit.call_args.args[1:], (2,))
        self.assertEqual(commit.call_args.kwargs, {"remaining": 1})
