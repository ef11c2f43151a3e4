from datetime import timedelta

from odoo import fields
from odoo.addons.sales_collection.tests.common import CollectionCase
from odoo.addons.sales_governance_dashboard.tests.test_dashboard import (
    dashboard_data,
    pivot_figures,
)
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCollectionDashboard(CollectionCase):
    """Receivables and overdue by team: ordinary pivots on the collection plan, read as the
    viewer (differential: each tier sees what its record rules give)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "sales_collection_dashboard.spreadsheet_dashboard_sales_collection"
        )
        cls.data = dashboard_data(cls.dashboard)

    def _pivot(self, name):
        return next(pid for pid, pivot in self.data["pivots"].items() if pivot["name"] == name)

    def test_receivables_and_overdue_by_team(self):
        """The manager of team A sees its receivables and the overdue part; the rep of team B
        sees none of them; the director sees them too."""
        line = self._confirmed().collection_line_ids
        line.due_date = fields.Date.context_today(line) - timedelta(days=10)
        line._refresh_overdue()
        receivables = self._pivot("Receivables by team")
        overdue = self._pivot("Overdue receivables by team")
        for user in (self.manager_a, self.director):
            env = self.env(user=user)
            self.assertEqual(
                pivot_figures(env, self.data, receivables)[(self.team_a,)],
                (line.amount_residual,),
            )
            self.assertEqual(
                pivot_figures(env, self.data, overdue)[(self.team_a,)], (1, line.amount_residual)
            )
        self.assertNotIn(
            (self.team_a,), pivot_figures(self.env(user=self.rep_b), self.data, overdue)
        )

    def test_dashboard_shown_to_sales(self):
        """Published in the Sales section for the sales tiers."""
        self.assertTrue(self.dashboard.is_published)
        self.assertIn(self.env.ref("sales_governance.group_sales_rep"), self.dashboard.group_ids)

    def test_pivots_name_real_fields(self):
        """Every data source names a model and fields that exist, and reads; monetary
        cells carry no fixed format (the company's currency formats them)."""
        for pivot_id, pivot in self.data["pivots"].items():
            Model = self.env[pivot["model"]]
            for row in pivot["rows"]:
                self.assertIn(row["fieldName"], Model._fields)
            for measure in pivot["measures"]:
                name = measure["fieldName"]
                self.assertTrue(name == "__count" or Model._fields[name].aggregator, name)
            pivot_figures(self.env, self.data, pivot_id)
        self.assertFalse(self.data["sheets"][0]["formats"])
