from odoo import Command
from odoo.tests import tagged

from .kpi_common import KpiCase
from .kpi_reference import REFERENCE_SOURCES, reference_values


@tagged("post_install", "-at_install")
class TestKpiReference(KpiCase):
    def test_generated_numbers_equal_hand_written_sql(self):
        """Every computed actual equals the one hand-written SQL aggregate's."""
        indicators = self.env["sales.kpi.indicator"].search([("source", "in", REFERENCE_SOURCES)])
        template = self.env["sales.kpi.template"].create(
            {
                "name": "Reference",
                "line_ids": [
                    Command.create(
                        {
                            "indicator_id": indicator.id,
                            "weight": 100 / len(indicators),
                            "target_value": 1,
                        }
                    )
                    for indicator in indicators
                ],
            }
        )
        # A confirmed yearly target for rep A, so that completion has a figure.
        self.env["sales.target"].create(
            {
                "name": "Rep A 2026",
                "user_id": self.rep_a.id,
                "team_id": self.team_a.id,
                "target_amount": 50000,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
            }
        ).action_confirm()
        teams = self.team_a | self.team_b
        scorecards = self.env["sales.kpi.scorecard"]._generate(
            template, self.date_from, self.date_to, teams
        )
        expected = reference_values(
            self.env.cr, self.date_from, self.date_to, scorecards.user_id.ids
        )
        # The crafted books: 2,000 sold against 1,000 a year earlier, a quarter collected.
        self.assertAlmostEqual(expected[self.rep_a.id, "sales_amount"], 2000.0)
        self.assertAlmostEqual(expected[self.rep_a.id, "growth_rate"], 100.0)
        self.assertAlmostEqual(expected[self.rep_a.id, "collection_rate"], 25.0)
        self.assertAlmostEqual(
            expected[self.rep_a.id, "target_completion"], 2000 * 100 / (50000 * 31 / 365)
        )
        for line in scorecards.line_ids:
            with self.subTest(user=line.user_id.name, source=line.source):
                self.assertAlmostEqual(
                    line.actual_value, expected[line.user_id.id, line.source], places=6
                )
