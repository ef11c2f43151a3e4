from datetime import timedelta

from odoo import fields
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged


@tagged("post_install", "-at_install")
class TestComplaint(SalesGovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["sales.complaint"]
        cls.Action = cls.env["sales.improvement.action"]

    def _complaint(self, user=None, partner=None, **vals):
        return self.Complaint.with_user(user or self.rep_a).create(
            {
                "partner_id": (partner or self.customer_a).id,
                "description": "路灯不亮",
                **vals,
            }
        )

    def _verified_action(self, complaint):
        action = self.Action.with_user(self.rep_a).create(
            {"complaint_id": complaint.id, "name": "出厂全检", "deadline": fields.Date.today()}
        )
        action.with_user(self.rep_a).action_done()
        action.with_user(self.manager_a).action_verify(True, "有效")
        return action

    def _to_feedback(self, complaint, user=None):
        user = user or self.rep_a
        complaint = complaint.with_user(user)
        complaint.action_investigate()
        complaint.write({"root_cause": "驱动电源批次缺陷", "solution": "更换电源"})
        complaint.action_resolve()
        complaint.write({"customer_feedback": "已恢复"})
        complaint.action_feedback()
        return complaint

    def test_sequence_owner_and_deadline(self):
        """A complaint gets a reference, the customer's owner, and a deadline by severity."""
        complaint = self._complaint(severity="high")
        self.assertTrue(complaint.name.startswith("TS"))
        self.assertEqual(complaint.user_id, self.rep_a)
        self.assertEqual(complaint.responsible_id, self.rep_a)
        self.assertEqual(complaint.response_deadline, complaint.received_date + timedelta(hours=8))
        self.assertFalse(complaint.is_overdue)

    def test_full_loop_and_close_by_manager(self):
        """received → investigating → resolved → feedback → closed by the manager only."""
        complaint = self._to_feedback(self._complaint())
        self._verified_action(complaint)
        self.assertEqual(complaint.state, "feedback")
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep_a).action_close()
        with self.assertRaises(AccessError):
            complaint.with_user(self.manager_b).action_close()
        complaint.with_user(self.manager_a).action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.closed_date)

    def test_resolve_and_feedback_need_their_fields(self):
        """Resolving needs root cause and solution; feedback needs the customer's words."""
        complaint = self._complaint().with_user(self.rep_a)
        complaint.action_investigate()
        with self.assertRaises(UserError):
            complaint.action_resolve()
        complaint.write({"root_cause": "包装不当"})
        with self.assertRaises(UserError):
            complaint.action_resolve()
        complaint.write({"solution": "改进包装"})
        complaint.action_resolve()
        with self.assertRaises(UserError):
            complaint.action_feedback()
        with self.assertRaises(UserError):
            complaint.action_investigate()

    def test_closed_complaint_locked_and_reopened_by_manager(self):
        """A closed complaint cannot be edited; the manager reopens it."""
        complaint = self._to_feedback(self._complaint())
        self._verified_action(complaint)
        complaint.with_user(self.manager_a).action_close()
        for user in (self.rep_a, self.manager_a):
            with self.assertRaises(UserError):
                complaint.with_user(user).write({"solution": "rewritten"})
        with self.assertRaises(UserError):
            self.Action.with_user(self.manager_a).create(
                {"complaint_id": complaint.id, "name": "late", "deadline": fields.Date.today()}
            )
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep_a).action_reopen()
        complaint.with_user(self.manager_a).action_reopen()
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(complaint.closed_date)

    def test_state_not_forged(self):
        """RPC writes of state, reference, owner or dates are refused."""
        complaint = self._complaint()
        for vals in (
            {"state": "closed"},
            {"name": "FAKE"},
            {"user_id": self.rep_a2.id},
            {"closed_date": fields.Datetime.now()},
            {"response_deadline": fields.Datetime.now() + timedelta(days=30)},
        ):
            with self.assertRaises(AccessError):
                complaint.with_user(self.rep_a).write(vals)
        with self.assertRaises(AccessError):
            self._complaint(state="closed")

    def test_manager_assigns(self):
        """The rep cannot hand the complaint to someone else; the manager assigns it."""
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep_a).write({"responsible_id": self.rep_a2.id})
        with self.assertRaises(AccessError):
            self._complaint(responsible_id=self.rep_a2.id)
        complaint.with_user(self.manager_a).write({"responsible_id": self.rep_a2.id})
        # The responsible person now sees and handles it.
        complaint.with_user(self.rep_a2).action_investigate()
        self.assertEqual(complaint.state, "investigating")

    def test_other_reps_customer_refused(self):
        """Nobody records a complaint on, or moves one to, another rep's protected customer."""
        with self.assertRaisesRegex(UserError, "Rep B"):
            self._complaint(self.rep_a, self.customer_b)
        complaint = self._complaint()
        with self.assertRaisesRegex(UserError, "Rep B"), self.cr.savepoint():
            complaint.with_user(self.manager_a).write({"partner_id": self.customer_b.id})
        self.assertEqual(complaint.partner_id, self.customer_a)

    def test_complaint_does_not_renew_protection(self):
        """Receiving a complaint is no maintenance of the customer (the lock's guard mixin,
        without its renewal)."""
        old = fields.Datetime.now() - timedelta(days=60)
        self.customer_a.sudo().last_maintenance_date = old
        self._complaint()
        self.assertEqual(self.customer_a.last_maintenance_date, old)

    def test_ineffective_action_blocks_close_until_follow_up_verified(self):
        """Not effective → a follow-up action; the complaint closes once it is verified."""
        complaint = self._complaint()
        action = self.Action.with_user(self.rep_a).create(
            {
                "complaint_id": complaint.id,
                "name": "出厂全检",
                "owner_id": self.rep_a.id,
                "deadline": fields.Date.today() + timedelta(days=7),
            }
        )
        self._to_feedback(complaint)
        with self.assertRaises(UserError):
            complaint.with_user(self.manager_a).action_close()
        with self.assertRaises(UserError):
            action.with_user(self.manager_a).action_verify(True)
        action.with_user(self.rep_a).action_done()
        with self.assertRaises(AccessError):
            action.with_user(self.rep_a).action_verify(True)
        with self.assertRaises(AccessError):
            action.with_user(self.manager_b).action_verify(True)
        action.with_user(self.manager_a).action_verify(False, "仍有故障")
        self.assertEqual(action.state, "ineffective")
        self.assertEqual(action.verified_by_id, self.manager_a)
        follow_up = action.child_ids
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.complaint_id, complaint)
        self.assertEqual(follow_up.state, "open")
        with self.assertRaises(UserError):
            complaint.with_user(self.manager_a).action_close()
        follow_up.with_user(self.rep_a).action_done()
        wizard = (
            self.env["sales.improvement.verify"]
            .with_user(self.manager_a)
            .create({"action_id": follow_up.id, "effective": "yes", "note": "三个月无故障"})
        )
        wizard.action_confirm()
        self.assertEqual(follow_up.state, "verified")
        complaint.with_user(self.manager_a).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_manager_adds_action_line_in_the_complaint(self):
        """The manager adds a corrective action line under the complaint's 纠正/预防措施 tab:
        the new line is not overdue before it has a deadline, and saves with its owner."""
        complaint = self._complaint()
        with Form(complaint.with_user(self.manager_a)) as form:
            with form.action_ids.new() as line:
                self.assertFalse(line.is_overdue)
                line.name = "出厂全检"
                line.owner_id = self.rep_a
                line.deadline = fields.Date.today() + timedelta(days=7)
        self.assertRecordValues(
            complaint.action_ids, [{"name": "出厂全检", "owner_id": self.rep_a.id, "state": "open"}]
        )
        self.assertFalse(complaint.action_ids.is_overdue)

    def test_verification_only_through_action(self):
        """The verdict and its fields are not written directly, and stay once given."""
        complaint = self._complaint()
        action = self.Action.with_user(self.rep_a).create(
            {"complaint_id": complaint.id, "name": "培训", "deadline": fields.Date.today()}
        )
        for vals in (
            {"state": "verified"},
            {"verification_note": "ok"},
            {"verified_by_id": self.manager_a.id},
        ):
            with self.assertRaises(AccessError):
                action.with_user(self.manager_a).write(vals)
        action.with_user(self.rep_a).action_done()
        action.with_user(self.manager_a).action_verify(True, "有效")
        with self.assertRaises(UserError):
            action.with_user(self.manager_a).write({"name": "changed"})

    def test_overdue_escalated_to_manager_once(self):
        """An overdue complaint gets one activity for the owner's manager, once."""
        complaint = self._complaint(severity="high")
        complaint.sudo().write({"received_date": fields.Datetime.now() - timedelta(hours=9)})
        self.assertTrue(complaint.is_overdue)
        self.assertIn(complaint, self.Complaint.search([("is_overdue", "=", True)]))
        self.assertNotIn(complaint, self.Complaint.search([("is_overdue", "=", False)]))
        self.Complaint._cron_escalate_overdue()
        self.assertEqual(complaint.activity_ids.user_id, self.manager_a)
        self.Complaint._cron_escalate_overdue()
        self.assertEqual(len(complaint.activity_ids), 1)
        # Resolved: no longer overdue.
        self._to_feedback(complaint)
        self.assertFalse(complaint.is_overdue)

    def test_future_received_date_refused(self):
        """A complaint cannot be received in the future, not even by the manager's hand."""
        with self.assertRaises(ValidationError):
            self._complaint(self.manager_a, received_date=fields.Datetime.now() + timedelta(days=1))

    def test_sla_settings_validated(self):
        """Response hours must be positive."""
        with self.assertRaises(ValidationError):
            self.env.company.complaint_sla_hours_high = 0
