from datetime import date, datetime

from odoo import Command
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestServiceLoopKpiFeeds(SalesGovernanceCase):
    """The KPI scorecards read satisfaction, complaints and visits per rep and period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Log = env["sales.work.log"]

        def log(user, day, state, types):
            record = Log.create(
                {
                    "user_id": user.id,
                    "date": day,
                    "line_ids": [
                        Command.create(
                            {"partner_id": cls.pool_customer.id, "summary": "x", "contact_type": t}
                        )
                        for t in types
                    ],
                }
            )
            record.sudo().write({"state": state})
            return record

        log(cls.rep_a, date(2026, 3, 2), "submitted", ["visit", "visit", "call"])
        log(cls.rep_a, date(2026, 3, 3), "reviewed", ["visit"])
        log(cls.rep_a, date(2026, 3, 4), "draft", ["visit"])  # not submitted
        log(cls.rep_a, date(2026, 4, 1), "submitted", ["visit"])  # out of period
        log(cls.rep_b, date(2026, 3, 10), "submitted", ["online", "visit"])

        Revisit = env["sales.revisit"]
        for user, score, day, state in (
            (cls.rep_a, 5, date(2026, 3, 5), "done"),
            (cls.rep_a, 2, date(2026, 3, 20), "done"),
            (cls.rep_a, 1, date(2026, 4, 2), "done"),  # out of period
            (cls.rep_a, 3, False, "planned"),  # not done
            (cls.rep_b, 4, date(2026, 3, 31), "done"),
        ):
            Revisit.create(
                {"partner_id": cls.pool_customer.id, "user_id": user.id, "satisfaction": score}
            ).sudo().write({"state": state, "done_date": day})

        Complaint = env["sales.complaint"]
        for partner, received in (
            (cls.customer_a, datetime(2026, 3, 1, 0, 0)),
            (cls.customer_a, datetime(2026, 3, 31, 23, 0)),
            (cls.customer_a, datetime(2026, 4, 1, 0, 0)),  # out of period
            (cls.customer_b, datetime(2026, 3, 15, 8, 0)),
        ):
            Complaint.create(
                {"partner_id": partner.id, "description": "x", "received_date": received}
            )
        cls.period = (date(2026, 3, 1), date(2026, 3, 31))
        cls.user_ids = (cls.rep_a | cls.rep_b | cls.rep_a2).ids

    def test_satisfaction(self):
        """Sum and number of the scores of the revisits done in the period, per rep."""
        result = self.env["sales.revisit"]._kpi_satisfaction(*self.period, self.user_ids)
        self.assertEqual(result, {self.rep_a.id: (7.0, 2), self.rep_b.id: (4.0, 1)})

    def test_complaint_count(self):
        """Complaints received in the period, per customer owner."""
        result = self.env["sales.complaint"]._kpi_complaint_count(*self.period, self.user_ids)
        self.assertEqual(result, {self.rep_a.id: 2.0, self.rep_b.id: 1.0})

    def test_visit_count(self):
        """Visits of submitted or reviewed logs in the period, per rep."""
        result = self.env["sales.work.log.line"]._kpi_visit_count(*self.period, self.user_ids)
        self.assertEqual(result, {self.rep_a.id: 3.0, self.rep_b.id: 1.0})

    def test_only_given_users(self):
        """Only the asked users are counted, in one query each."""
        with self.assertQueryCount(1):
            result = self.env["sales.work.log.line"]._kpi_visit_count(*self.period, self.rep_b.ids)
        self.assertEqual(result, {self.rep_b.id: 1.0})
