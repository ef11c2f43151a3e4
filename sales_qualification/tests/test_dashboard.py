import base64
import json
from datetime import timedelta

from odoo.tests import freeze_time, new_test_user, tagged

from .common import GROUP, QualificationCase


@tagged("post_install", "-at_install")
class TestQualificationDashboard(QualificationCase):
    """资质证书 dashboard: pivots read through the viewer's record rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dashboard = cls.env.ref("sales_qualification.spreadsheet_dashboard_qualification")
        cls.dashboard = dashboard
        cls.data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        cls.expiring = cls._create_qualification(
            "Lighting Design Grade B", "SQ-0002", expiry_days=60, state="valid"
        )
        cls._create_qualification("Far Away", "SQ-0003", expiry_days=200, state="valid")
        other_company = cls.env["res.company"].create({"name": "Other Company"})
        cls.outsider = new_test_user(
            cls.env,
            "sq_outsider",
            GROUP % "user",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )

    def _figure(self, user, pivot_id):
        """{row: count} of one pivot, read through the ORM as ``user`` (the data source)."""
        pivot = self.data["pivots"][pivot_id]
        Model = self.env[pivot["model"]].with_user(user)
        groupby = [row["fieldName"] for row in pivot["rows"]]
        return dict(Model._read_group(pivot["domain"], groupby, ["__count"]))

    def test_users_see_the_dashboard(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.user).search([]))
        self.assertIn(self.dashboard, Dashboard.with_user(self.rep).search([]))

    def test_certificates_expiring_in_90_days(self):
        """The register's expiring certificates, within the viewer's companies."""
        self.assertEqual(self._figure(self.user, "1"), {self.qualification_type: 1})
        self.assertEqual(self._figure(self.custodian, "1"), {self.qualification_type: 1})
        self.assertEqual(self._figure(self.outsider, "1"), {})
        with freeze_time(self.TODAY + timedelta(days=320)):
            # SQ-0001 (400 days) is within 90 days then; SQ-0002 has expired.
            self.assertEqual(self._figure(self.user, "1"), {self.qualification_type: 1})

    def test_borrow_requests_and_overdue(self):
        """A user counts their own borrow requests; the custodian everyone's."""
        mine = self._borrow(user=self.user)
        mine.action_request()
        theirs = self._borrow(user=self.user2, qualification=self.expiring)
        theirs.action_request()
        self.assertEqual(self._figure(self.user, "2"), {self.certificate: 1})
        # The custodian counts everyone's (demo data may add its own).
        self.assertLessEqual(
            {self.certificate: 1, self.expiring: 1}.items(),
            self._figure(self.custodian, "2").items(),
        )
        theirs.with_user(self.manager).action_approve()
        theirs.with_user(self.custodian).action_checkout()
        with freeze_time(self.TODAY + timedelta(days=10)):
            self.assertEqual(self._figure(self.custodian, "3").get(self.user2), 1)
            self.assertEqual(self._figure(self.user, "3"), {})
            self.assertEqual(self._figure(self.user2, "3"), {self.user2: 1})
