from datetime import date, timedelta

from odoo import Command, fields
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.exceptions import AccessError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestServiceLoopSecurity(SalesGovernanceCase):
    """Who sees which work logs, revisits, complaints and corrective actions, on every read
    path, and who may write them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env

        def log(user, partner):
            return env["sales.work.log"].create(
                {
                    "user_id": user.id,
                    "line_ids": [Command.create({"partner_id": partner.id, "summary": "拜访"})],
                }
            )

        cls.log_a = log(cls.rep_a, cls.customer_a)
        cls.log_a2 = log(cls.rep_a2, cls.customer_a2)
        cls.log_b = log(cls.rep_b, cls.customer_b)
        Revisit = env["sales.revisit"]
        cls.revisit_a = Revisit.create({"partner_id": cls.customer_a.id, "user_id": cls.rep_a.id})
        cls.revisit_b = Revisit.create({"partner_id": cls.customer_b.id, "user_id": cls.rep_b.id})
        Complaint = env["sales.complaint"]
        cls.complaint_a = Complaint.create({"partner_id": cls.customer_a.id, "description": "A"})
        cls.complaint_a2 = Complaint.create({"partner_id": cls.customer_a2.id, "description": "A2"})
        cls.complaint_b = Complaint.create({"partner_id": cls.customer_b.id, "description": "B"})
        Action = env["sales.improvement.action"]
        deadline = fields.Date.today() + timedelta(days=7)
        cls.action_a = Action.create(
            {"complaint_id": cls.complaint_a.id, "name": "A", "deadline": deadline}
        )
        cls.action_b = Action.create(
            {"complaint_id": cls.complaint_b.id, "name": "B", "deadline": deadline}
        )

    def test_rep_sees_own(self):
        """A rep sees their own logs, revisits, complaints and actions, nobody else's."""
        self.assertVisible(self.rep_a, self.log_a)
        self.assertInvisible(self.rep_a, self.log_a2 | self.log_b)
        self.assertVisible(self.rep_a, self.log_a.line_ids)
        self.assertInvisible(self.rep_a, self.log_b.line_ids)
        self.assertVisible(self.rep_a, self.revisit_a)
        self.assertInvisible(self.rep_a, self.revisit_b)
        self.assertVisible(self.rep_a, self.complaint_a)
        self.assertInvisible(self.rep_a, self.complaint_a2 | self.complaint_b)
        self.assertVisible(self.rep_a, self.action_a)
        self.assertInvisible(self.rep_a, self.action_b)

    def test_manager_sees_team(self):
        """A manager sees everything of the members of the teams they lead."""
        self.assertVisible(self.manager_a, self.log_a | self.log_a2)
        self.assertInvisible(self.manager_a, self.log_b)
        self.assertVisible(self.manager_a, self.revisit_a)
        self.assertInvisible(self.manager_a, self.revisit_b)
        self.assertVisible(self.manager_a, self.complaint_a | self.complaint_a2)
        self.assertInvisible(self.manager_a, self.complaint_b)
        self.assertVisible(self.manager_a, self.action_a)
        self.assertInvisible(self.manager_a, self.action_b)
        self.assertVisible(self.manager_b, self.log_b)
        self.assertVisible(self.manager_b, self.complaint_b.action_ids)

    def test_director_sees_all(self):
        """A director sees everything of the company."""
        self.assertVisible(self.director, self.log_a | self.log_a2 | self.log_b)
        self.assertVisible(self.director, self.revisit_a | self.revisit_b)
        self.assertVisible(self.director, self.complaint_a | self.complaint_a2 | self.complaint_b)
        self.assertVisible(self.director, self.action_a | self.action_b)

    def test_grouping_counts_only_visible(self):
        """Grouped reads (KPI screens, graphs) count only what the user may see."""
        Complaint = self.env["sales.complaint"]
        ids = (self.complaint_a | self.complaint_a2 | self.complaint_b).ids
        for user, expected in ((self.rep_a, 1), (self.manager_a, 2), (self.director, 3)):
            groups = Complaint.with_user(user)._read_group(
                [("id", "in", ids)], groupby=["user_id"], aggregates=["__count"]
            )
            self.assertEqual(sum(count for _user, count in groups), expected)

    def test_search_on_hidden_fields_reveals_nothing(self):
        """Searching by another rep's customer finds nothing."""
        Log = self.env["sales.work.log"].with_user(self.rep_a)
        self.assertFalse(Log.search([("line_ids.partner_id", "=", self.customer_b.id)]))
        Complaint = self.env["sales.complaint"].with_user(self.rep_a)
        self.assertFalse(Complaint.search([("partner_id", "=", self.customer_b.id)]))

    def test_employee_has_no_access(self):
        """A user outside sales has no access at all."""
        for record in (self.log_a, self.revisit_a, self.complaint_a, self.action_a):
            with self.assertRaises(AccessError):
                record.with_user(self.employee).read(["display_name"])

    def test_refused_state_writes_per_tier(self):
        """No tier writes a state directly, even on a record it sees."""
        cases = [
            (self.log_a, "reviewed"),
            (self.revisit_a, "done"),
            (self.complaint_a, "closed"),
            (self.action_a, "verified"),
        ]
        for user in (self.rep_a, self.manager_a, self.director):
            for record, state in cases:
                with self.subTest(user=user.name, model=record._name):
                    with self.assertRaises(AccessError):
                        record.with_user(user).write({"state": state})
        self.assertEqual(self.complaint_a.state, "received")

    def test_rep_cannot_write_other_logs(self):
        """A rep cannot write another rep's log, nor create one for them."""
        with self.assertRaises(AccessError):
            self.log_b.with_user(self.rep_a).write({"date": date(2020, 1, 1)})
        with self.assertRaises(AccessError):
            self.env["sales.work.log"].with_user(self.rep_a).create(
                {"user_id": self.rep_b.id, "date": date(2020, 1, 1)}
            )
