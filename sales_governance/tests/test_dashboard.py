import base64
import json

from odoo.tests import tagged

from .common import SalesGovernanceCase


@tagged("post_install", "-at_install")
class TestDashboard(SalesGovernanceCase):
    """销售管理 dashboard: shipped as data, each figure an ordinary pivot read as the viewer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("sales_governance.spreadsheet_dashboard_sales_governance")
        data = json.loads(base64.b64decode(cls.dashboard.spreadsheet_binary_data))
        cls.pivots = data["pivots"]
        cls.stale_b = cls._create_customer("Stale B", cls.rep_b)
        cls.stale_b.sudo().ownership_state = "stale"

    def _figure(self, user, pivot_id):
        """The pivot's groups and counts as ``user`` reads them (what the dashboard shows)."""
        pivot = self.pivots[pivot_id]
        Model = self.env[pivot["model"]].with_user(user)
        groupby = [row["fieldName"] for row in pivot["rows"]]
        return {
            group[0]: count
            for *group, count in Model._read_group(pivot["domain"], groupby, ["__count"])
        }

    def test_pivots_name_real_fields(self):
        """Every data source names a model and fields that exist."""
        for pivot in self.pivots.values():
            Model = self.env[pivot["model"]]
            for row in pivot["rows"]:
                self.assertIn(row["fieldName"], Model._fields)
            for measure in pivot["measures"]:
                self.assertTrue(
                    measure["fieldName"] == "__count" or measure["fieldName"] in Model._fields
                )
            Model.search_count(pivot["domain"])

    def test_reps_see_the_dashboard(self):
        """Representatives open the dashboard; employees outside sales do not."""
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.rep_a).search([]))
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.employee).search([]))

    def test_figures_follow_record_rules(self):
        """A rep's figures count their own customers; their manager's count the team's."""
        rep_counts = self._figure(self.rep_a, "1")
        director_counts = self._figure(self.director, "1")
        self.assertEqual(rep_counts.get("protected"), 1)  # Customer A only
        self.assertGreaterEqual(director_counts.get("protected"), 4)
        self.assertEqual(self._figure(self.rep_a, "2"), {})  # Stale B is rep B's
        self.assertEqual(self._figure(self.manager_b, "2"), {self.rep_b: 1})
        self.assertEqual(self._figure(self.manager_a, "2"), {})
