from datetime import date, timedelta

from odoo import Command, fields
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestMeasuredFacts(SalesGovernanceCase):
    """Who is measured does not set the dates, links and scores that measure them: each attack
    of issue 19 §5 through the call it used, refused to the measured rep and done by their
    manager (or the system).

    who        is
    rep_a      owner of customer_a, of the complaint, the revisit and the log
    manager_a  leads rep_a
    manager_b  leads team B only
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["sales.complaint"]
        cls.Action = cls.env["sales.improvement.action"]
        cls.Revisit = cls.env["sales.revisit"]
        cls.Log = cls.env["sales.work.log"]
        cls.today = fields.Date.context_today(cls.Log.with_user(cls.rep_a))

    def _complaint(self, **vals):
        return self.Complaint.with_user(self.rep_a).create(
            {"partner_id": self.customer_a.id, "description": "路灯不亮", **vals}
        )

    def _action(self, complaint, user=None, **vals):
        return self.Action.with_user(user or self.rep_a).create(
            {
                "complaint_id": complaint.id,
                "name": "出厂全检",
                "deadline": self.today + timedelta(days=7),
                **vals,
            }
        )

    def _to_feedback(self, complaint):
        complaint = complaint.with_user(self.rep_a)
        complaint.action_investigate()
        complaint.write({"root_cause": "批次缺陷", "solution": "更换", "customer_feedback": "好"})
        complaint.action_resolve()
        complaint.action_feedback()

    # === COMPLAINTS: the clock is the system's or the manager's === #
    def test_rep_cannot_reset_the_clock_of_her_overdue_complaint(self):
        """Writing received date = now and severity = low on her overdue complaint is refused
        to the rep; the complaint stays overdue. Her manager may change the severity."""
        complaint = self._complaint(severity="high")
        complaint.sudo().received_date = fields.Datetime.now() - timedelta(hours=9)
        deadline = complaint.response_deadline
        self.assertTrue(complaint.is_overdue)
        for vals in (
            {"received_date": fields.Datetime.now(), "severity": "low"},
            {"received_date": fields.Datetime.now()},
            {"severity": "low"},
        ):
            with self.assertRaisesRegex(AccessError, "manager of Rep A"), self.cr.savepoint():
                complaint.with_user(self.rep_a).write(vals)
        self.assertTrue(complaint.is_overdue)
        self.assertEqual(complaint.response_deadline, deadline)
        with self.assertRaises(AccessError):
            complaint.with_user(self.manager_b).write({"severity": "low"})
        complaint.with_user(self.manager_a).write({"severity": "low"})
        self.assertEqual(complaint.response_deadline, deadline + timedelta(hours=64))

    def test_unchanged_clock_values_pass(self):
        """The web client sends unchanged values back: they pass for the rep."""
        complaint = self._complaint(severity="high")
        complaint.with_user(self.rep_a).write(
            {"severity": "high", "received_date": complaint.received_date, "solution": "更换"}
        )
        self.assertEqual(complaint.solution, "更换")

    def test_onchange_changes_nothing(self):
        """The form's onchange computes a new deadline in memory; nothing is stored, and the
        save that follows is refused."""
        complaint = self._complaint(severity="high")
        deadline = complaint.response_deadline
        result = complaint.with_user(self.rep_a).onchange(
            {"severity": "low"}, ["severity"], {"severity": {}, "response_deadline": {}}
        )
        self.assertIn("response_deadline", result["value"])
        self.assertEqual(complaint.response_deadline, deadline)
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep_a).write({"severity": "low"})

    def test_received_date_at_creation_is_the_managers(self):
        """A rep's complaint is received now; the manager records an earlier receipt."""
        yesterday = fields.Datetime.now() - timedelta(days=1)
        count = self.Complaint.search_count([])
        with self.assertRaisesRegex(AccessError, "Received"), self.cr.savepoint():
            self._complaint(received_date=yesterday)
        self.assertEqual(self.Complaint.search_count([]), count)
        complaint = self.Complaint.with_user(self.manager_a).create(
            {
                "partner_id": self.customer_a.id,
                "description": "电话投诉",
                "received_date": yesterday,
            }
        )
        self.assertEqual(complaint.user_id, self.rep_a)
        self.assertEqual(complaint.received_date, yesterday.replace(microsecond=0))

    def test_rep_cannot_move_her_complaint_to_another_customer(self):
        """The customer (hence the owner measured) is changed by the manager only."""
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep_a).write({"partner_id": self.customer_a2.id})
        complaint.with_user(self.manager_a).write({"partner_id": self.customer_a2.id})
        self.assertEqual(complaint.user_id, self.rep_a2)

    def test_rep_cannot_repoint_the_order_of_her_complaint(self):
        """The order a complaint is about is given when it is received; afterwards only the
        manager changes it (it names the owner measured when the customer has none). An order
        of another customer is refused to everybody."""
        complaint = self._complaint(order_id=self.order_a.id)
        self.assertEqual(complaint.order_id, self.order_a)
        other_order = self._create_order(self.customer_a, self.rep_a, self.team_a)
        for value in (other_order.id, False):
            with self.assertRaisesRegex(AccessError, "Sales Order"), self.cr.savepoint():
                complaint.with_user(self.rep_a).write({"order_id": value})
        complaint.with_user(self.rep_a).write({"order_id": self.order_a.id, "solution": "更换"})
        with self.assertRaises(AccessError), self.cr.savepoint():
            complaint.with_user(self.manager_b).write({"order_id": other_order.id})
        self.assertEqual(complaint.order_id, self.order_a)
        complaint.with_user(self.manager_a).write({"order_id": other_order.id})
        self.assertEqual(complaint.order_id, other_order)
        with self.assertRaisesRegex(ValidationError, "not an order of"), self.cr.savepoint():
            complaint.with_user(self.manager_a).write({"order_id": self.order_a2.id})
        count = self.Complaint.search_count([])
        with self.assertRaisesRegex(ValidationError, "not an order of"), self.cr.savepoint():
            self._complaint(order_id=self.order_b.id)
        self.assertEqual(self.Complaint.search_count([]), count)

    # === CORRECTIVE ACTIONS: the chain is the manager's === #
    def test_rep_cannot_delete_the_follow_up(self):
        """The open follow-up the manager's verdict opened is deleted by nobody, on every path;
        the complaint cannot close while it is open."""
        complaint = self._complaint()
        action = self._action(complaint)
        action.with_user(self.rep_a).action_done()
        action.with_user(self.manager_a).action_verify(False, "仍有故障")
        follow_up = action.child_ids
        self._to_feedback(complaint)
        with self.assertRaises(AccessError):
            follow_up.with_user(self.rep_a).unlink()
        for command in (Command.delete(follow_up.id), Command.unlink(follow_up.id)):
            with self.assertRaises(AccessError):
                complaint.with_user(self.rep_a).write({"action_ids": [command]})
        with self.assertRaisesRegex(UserError, "stays until"), self.cr.savepoint():
            follow_up.with_user(self.manager_a).unlink()
        self.assertTrue(follow_up.exists())
        with self.assertRaises(UserError):
            complaint.with_user(self.manager_a).action_close()
        self.assertEqual(complaint.state, "feedback")

    def test_manager_removes_a_root_action(self):
        """The manager may remove an open action (not a follow-up); the rep may not."""
        complaint = self._complaint()
        action = self._action(complaint)
        with self.assertRaises(AccessError):
            action.with_user(self.rep_a).unlink()
        with self.assertRaises(AccessError):
            action.with_user(self.manager_b).unlink()
        action.with_user(self.manager_a).unlink()
        self.assertFalse(action.exists())

    def test_close_needs_the_last_action_verified_effective(self):
        """No action, or a chain ending in an action not verified effective: no closing."""
        complaint = self._complaint()
        self._to_feedback(complaint)
        with self.assertRaisesRegex(UserError, "without a corrective action"), self.cr.savepoint():
            complaint.with_user(self.manager_a).action_close()
        action = self._action(complaint)
        action.with_user(self.rep_a).action_done()
        with self.assertRaisesRegex(UserError, "verified"), self.cr.savepoint():
            complaint.with_user(self.manager_a).action_close()
        action.with_user(self.manager_a).action_verify(True, "有效")
        complaint.with_user(self.manager_a).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_rep_cannot_postpone_or_hand_over_her_action(self):
        """Deadline and owner of an action are the manager's once it exists; a rep takes an
        action on herself only."""
        complaint = self._complaint()
        action = self._action(complaint)
        for vals in ({"deadline": date(2035, 1, 1)}, {"owner_id": self.rep_a2.id}):
            with self.assertRaises(AccessError):
                action.with_user(self.rep_a).write(vals)
            with self.assertRaises(AccessError):
                complaint.with_user(self.rep_a).write(
                    {"action_ids": [Command.update(action.id, vals)]}
                )
        with self.assertRaises(AccessError):
            self._action(complaint, owner_id=self.rep_a2.id)
        action.with_user(self.manager_a).write({"deadline": date(2035, 1, 1)})
        self.assertEqual(action.deadline, date(2035, 1, 1))
        given = self._action(complaint, self.manager_a, owner_id=self.rep_a2.id)
        self.assertEqual(given.owner_id, self.rep_a2)

    def test_action_stays_in_its_complaint(self):
        """An action is not moved to another complaint, not even by the manager."""
        complaint, other = self._complaint(), self._complaint()
        action = self._action(complaint)
        for user in (self.rep_a, self.manager_a):
            with self.assertRaises(AccessError):
                action.with_user(user).write({"complaint_id": other.id})
        with self.assertRaises(AccessError):
            other.with_user(self.manager_a).write({"action_ids": [Command.link(action.id)]})
        self.assertEqual(action.complaint_id, complaint)

    # === WORK LOGS: written on the day === #
    def test_log_dated_years_back_refused(self):
        """A log of a day long gone neither gets created nor redated; protection stays."""
        old = fields.Datetime.now() - timedelta(days=60)
        self.customer_a.sudo().last_maintenance_date = old
        count = self.Log.search_count([])
        with self.assertRaisesRegex(AccessError, "late entry"), self.cr.savepoint():
            self.Log.with_user(self.rep_a).create(
                {
                    "date": date(2020, 1, 1),
                    "line_ids": [
                        Command.create({"partner_id": self.customer_a.id, "summary": "x"})
                    ],
                }
            )
        self.assertEqual(self.Log.search_count([]), count)
        log = self.Log.with_user(self.rep_a).create({"date": self.today})
        self.assertEqual(log.date, self.today)
        with self.assertRaises(AccessError):
            log.with_user(self.rep_a).write({"date": date(2020, 1, 1)})
        with self.assertRaises(AccessError):
            log.with_user(self.manager_a).write({"date": date(2020, 1, 1)})
        self.assertEqual(self.customer_a.last_maintenance_date, old)

    def test_manager_allows_a_late_entry_with_a_reason(self):
        """The manager opens yesterday's log for the rep with a reason; the rep fills and
        submits it. The rep cannot open it herself, nor set the reason."""
        yesterday = self.today - timedelta(days=1)
        Late = self.env["sales.work.log.late"]
        with self.assertRaises(AccessError):
            Late.with_user(self.rep_a).create(
                {"user_id": self.rep_a.id, "date": yesterday, "reason": "x"}
            )
        with self.assertRaises(AccessError):
            self.Log.with_user(self.rep_a)._allow_late_entry(self.rep_a, yesterday, "自己补")
        wizard = Late.with_user(self.manager_b).create(
            {"user_id": self.rep_a.id, "date": yesterday, "reason": "x"}
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        wizard = Late.with_user(self.manager_a).create(
            {"user_id": self.rep_a.id, "date": yesterday, "reason": "全天在客户现场，无网络"}
        )
        log = self.Log.browse(wizard.action_confirm()["res_id"])
        self.assertEqual(log.user_id, self.rep_a)
        self.assertEqual(log.date, yesterday)
        self.assertEqual(log.late_allowed_by_id, self.manager_a)
        self.assertEqual(log.activity_ids.user_id, self.rep_a)
        with self.assertRaises(AccessError):
            log.with_user(self.rep_a).write({"late_reason": "changed"})
        log.with_user(self.rep_a).write(
            {"line_ids": [Command.create({"partner_id": self.customer_a.id, "summary": "拜访"})]}
        )
        log.with_user(self.rep_a).action_submit()
        self.assertEqual(log.state, "submitted")

    def test_late_entry_only_for_the_last_working_day(self):
        """Earlier than the previous working day, or today, is refused, even to the manager."""
        Log = self.Log.with_user(self.manager_a)
        earliest = Log._previous_working_day(self.rep_a.company_id, self.today)
        for day in (earliest - timedelta(days=1), self.today):
            with self.assertRaises(UserError):
                Log._allow_late_entry(self.rep_a, day, "x")
        with self.assertRaises(UserError):
            Log._allow_late_entry(self.rep_a, earliest, "  ")
        self.assertEqual(Log._allow_late_entry(self.rep_a, earliest, "出差").date, earliest)

    # === REVISITS: planned by the system or the manager, scored by the rep === #
    def test_rep_cannot_plan_and_score_her_own_revisit(self):
        """A rep creating her own revisit is refused (planned after delivery or by the
        manager); the manager plans one for her, never for himself, never with a score."""
        Revisit = self.Revisit
        count = Revisit.search_count([])
        with self.assertRaises(AccessError):
            Revisit.with_user(self.rep_a).create({"partner_id": self.customer_a.id})
        with self.assertRaises(AccessError):
            Revisit.with_user(self.rep_a).create(
                {"partner_id": self.customer_a.id, "satisfaction": 5, "state": "done"}
            )
        with self.assertRaises(AccessError):
            Revisit.with_user(self.manager_a).create(
                {"partner_id": self.customer_a.id, "user_id": self.manager_a.id}
            )
        with self.assertRaises(AccessError):
            Revisit.with_user(self.manager_b).create(
                {"partner_id": self.customer_b.id, "user_id": self.rep_a.id}
            )
        with self.assertRaisesRegex(AccessError, "Only Rep A"), self.cr.savepoint():
            Revisit.with_user(self.manager_a).create(
                {"partner_id": self.customer_a.id, "user_id": self.rep_a.id, "satisfaction": 5}
            )
        self.assertEqual(Revisit.search_count([]), count)
        revisit = Revisit.with_user(self.manager_a).create(
            {"partner_id": self.customer_a.id, "user_id": self.rep_a.id}
        )
        self.assertEqual(revisit.user_id, self.rep_a)

    def test_only_the_scheduled_owner_scores(self):
        """The manager cannot score the rep's revisit; the rep does."""
        revisit = self.Revisit.with_user(self.manager_a).create(
            {"partner_id": self.customer_a.id, "user_id": self.rep_a.id}
        )
        for user in (self.manager_a, self.director):
            with self.assertRaisesRegex(AccessError, "Only Rep A"), self.cr.savepoint():
                revisit.with_user(user).write({"satisfaction": 5})
        revisit.with_user(self.rep_a).write({"satisfaction": 4, "feedback": "满意"})
        revisit.with_user(self.rep_a).action_done()
        self.assertEqual(revisit.satisfaction, 4)

    def test_rep_cannot_postpone_or_repoint_a_revisit(self):
        """Postponing to 2035 or pointing at another customer is refused to the rep; the
        manager may postpone, nobody repoints."""
        revisit = self.Revisit.with_user(self.manager_a).create(
            {"partner_id": self.customer_a.id, "user_id": self.rep_a.id}
        )
        for vals in (
            {"scheduled_date": date(2035, 1, 1)},
            {"partner_id": self.customer_a2.id},
            {"user_id": self.rep_a2.id},
            {"revisit_type": "90"},
        ):
            with self.assertRaises(AccessError):
                revisit.with_user(self.rep_a).write(vals)
        for vals in ({"partner_id": self.customer_a2.id}, {"user_id": self.rep_a2.id}):
            with self.assertRaises(AccessError):
                revisit.with_user(self.manager_a).write(vals)
        revisit.with_user(self.manager_a).write({"scheduled_date": date(2035, 1, 1)})
        self.assertEqual(revisit.scheduled_date, date(2035, 1, 1))
        self.assertEqual(revisit.partner_id, self.customer_a)
