from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiScorecard(KpiCase):
    def _generate(self, user, teams):
        wizard = (
            self.env["sales.kpi.scorecard.generate"]
            .with_user(user)
            .create(
                {
                    "template_id": self.template.id,
                    "period_date": "2026-01-15",
                    "team_ids": [(6, 0, teams.ids)],
                }
            )
        )
        action = wizard.action_generate()
        return self.env["sales.kpi.scorecard"].search(action["domain"])

    def test_generate_computes_every_member(self):
        """The wizard gives each member of the teams one scorecard, computed from the books."""
        scorecards = self._generate(self.director, self.team_a | self.team_b)
        self.assertEqual(
            set(scorecards.user_id.ids),
            set((self.team_a.member_ids | self.team_b.member_ids).ids),
        )
        card_a = scorecards.filtered(lambda s: s.user_id == self.rep_a)
        self.assertEqual(card_a.state, "computed")
        self.assertEqual((card_a.date_from, card_a.date_to), (self.date_from, self.date_to))
        sales = self._line(card_a, self.ind_sales)
        self.assertAlmostEqual(sales.actual_value, 2000.0)
        self.assertAlmostEqual(sales.score, 100.0)
        self.assertAlmostEqual(sales.weighted_score, 40.0)
        # order_a was priced before the cost was set: margins 1,000 + 400.
        self.assertAlmostEqual(self._line(card_a, self.ind_margin).actual_value, 1400.0)
        # 1,400 of 100 is 1,400 %: capped at 120.
        self.assertAlmostEqual(self._line(card_a, self.ind_margin).score, 120.0)
        self.assertAlmostEqual(self._line(card_a, self.ind_new).actual_value, 1.0)
        self.assertAlmostEqual(self._line(card_a, self.ind_growth).actual_value, 100.0)
        # Generating again recomputes, it does not duplicate.
        again = self._generate(self.director, self.team_a | self.team_b)
        self.assertEqual(again, scorecards)

    def test_score_lower_is_better_and_unavailable_source(self):
        """Complaints are not measured yet: 0, which scores the cap, and the line says why."""
        card = self._scorecard(self.rep_a, self.team_a)
        card.action_compute()
        line = self._line(card, self.ind_complaints)
        if "sales.complaint" not in self.env:
            self.assertEqual(line.actual_value, 0.0)
            self.assertEqual(line.score, line.score_cap)
            self.assertIn("sales.complaint", line.comment)
        self.assertAlmostEqual(card.total_score, sum(card.line_ids.mapped("weighted_score")))

    def test_ranks_in_team_and_company(self):
        """Ranks follow the totals, within the team and within the company."""
        scorecards = self._generate(self.director, self.team_a | self.team_b)
        card_a = scorecards.filtered(lambda s: s.user_id == self.rep_a)
        card_a2 = scorecards.filtered(lambda s: s.user_id == self.rep_a2)
        card_b = scorecards.filtered(lambda s: s.user_id == self.rep_b)
        self.assertGreater(card_a.total_score, card_a2.total_score)
        self.assertEqual(card_a.rank, 1)
        self.assertEqual(card_a.company_rank, 1)
        self.assertGreater(card_a2.rank, 1)
        self.assertEqual(card_b.rank, 1)
        self.assertGreater(card_b.company_rank, 1)

    def test_leaderboard_ranks_one_template_and_period(self):
        """Another month and a managers' template rank apart: the leaderboard shows each
        template's latest period, one first place per template and period."""
        scorecards = self._generate(self.director, self.team_a | self.team_b)
        managers = self.env["sales.kpi.template"].create(
            {
                "name": "Managers monthly",
                "tier": "manager",
                "line_ids": [
                    Command.create(
                        {"indicator_id": self.ind_sales.id, "weight": 100, "target_value": 5000}
                    )
                ],
            }
        )
        Scorecard = self.env["sales.kpi.scorecard"]
        february = {"date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28)}
        later = Scorecard._generate(
            self.template, february["date_from"], february["date_to"], self.team_a | self.team_b
        )
        leaders = Scorecard._generate(
            managers, self.date_from, self.date_to, self.team_a | self.team_b
        )
        self.assertEqual(set(leaders.user_id.ids), {self.manager_a.id, self.manager_b.id})
        every = scorecards | later | leaders
        groups = Scorecard._read_group(
            [("id", "in", every.ids)],
            ["template_id", "date_from:day"],
            ["company_rank:array_agg"],
        )
        self.assertEqual(len(groups), 3)
        for template, date_from, ranks in groups:
            with self.subTest(template=template.name, period=date_from):
                self.assertEqual(ranks.count(1), 1)
        # The leaderboard: each template's latest period only, as any reader sees it.
        latest = Scorecard.with_user(self.director).search(
            [("id", "in", every.ids), ("is_latest_period", "=", True)]
        )
        self.assertEqual(latest, later | leaders)
        self.assertTrue(all(latest.mapped("is_latest_period")))
        self.assertFalse(any(scorecards.mapped("is_latest_period")))
        self.assertEqual(
            Scorecard.with_user(self.director).search(
                [("id", "in", scorecards.ids), ("is_latest_period", "!=", True)]
            ),
            scorecards,
        )
        action = self.env.ref("sales_kpi.sales_kpi_scorecard_action_leaderboard")
        self.assertIn("search_default_latest_period", action.context)
        self.assertIn("search_default_group_template", action.context)

    def test_manual_score_and_adjustment(self):
        """The manager scores the manual line; adjusting a computed one needs a reason, which
        stays on the line and in the chatter."""
        card = self._scorecard(self.rep_a, self.team_a)
        card.with_user(self.manager_a).action_compute()
        manual = self._line(card, self.ind_manual).with_user(self.manager_a)
        manual.write({"manual_score": 90})
        self.assertAlmostEqual(manual.score, 90.0)
        with self.assertRaises(ValidationError):
            manual.write({"manual_score": 121})
        with self.assertRaises(ValidationError):
            manual.write({"manual_score": -1})
        sales = self._line(card, self.ind_sales).with_user(self.manager_a)
        with self.assertRaises(ValidationError):
            sales.write({"manual_score": 60})
        before = card.total_score
        sales.write({"manual_score": 60, "adjust_reason": "Order 2 was booked twice"})
        self.assertAlmostEqual(sales.score, 60.0)
        self.assertAlmostEqual(card.total_score, before - 40 * 0.4)
        self.assertIn("Order 2 was booked twice", card.message_ids[:1].body)
        # Neither the rep nor another team's manager scores.
        with self.assertRaises(AccessError):
            manual.with_user(self.rep_a).write({"manual_score": 120})
        with self.assertRaises(AccessError):
            manual.with_user(self.manager_b).write({"manual_score": 120})
        # Nobody forges a computed number.
        with self.assertRaises(AccessError):
            sales.write({"actual_value": 99999})

    def test_workflow(self):
        """Manager reviews, director confirms; a confirmed scorecard no longer changes."""
        card = self._scorecard(self.rep_a, self.team_a)
        with self.assertRaises(AccessError):
            card.with_user(self.rep_a).action_compute()
        with self.assertRaises(AccessError):
            card.with_user(self.manager_b).action_compute()
        card.with_user(self.manager_a).action_compute()
        with self.assertRaises(AccessError):
            card.with_user(self.manager_b).action_review()
        card.with_user(self.manager_a).action_review()
        self.assertEqual(card.state, "reviewed")
        with self.assertRaises(AccessError):
            card.with_user(self.manager_a).action_confirm()
        card.with_user(self.director).action_confirm()
        self.assertEqual(card.state, "confirmed")
        manual = self._line(card, self.ind_manual)
        with self.assertRaises(UserError):
            manual.with_user(self.director).write({"manual_score": 50})
        with self.assertRaises(UserError):
            card.with_user(self.director).write({"review_comment": "changed"})
        with self.assertRaises(UserError):
            card.with_user(self.director).action_reset()
        with self.assertRaises(UserError):
            card.with_user(self.director).action_compute()
        with self.assertRaises(AccessError):
            card.with_user(self.director).write({"state": "draft"})

    def test_bad_input(self):
        """Duplicate scorecards, reversed periods and weights not totalling 100 are refused."""
        self._scorecard(self.rep_a, self.team_a)
        with self.assertRaises(ValidationError):
            self._scorecard(self.rep_a, self.team_a)
        with self.assertRaises(ValidationError):
            self._scorecard(self.rep_a2, self.team_a, date_to="2025-12-01")
        Template = self.env["sales.kpi.template"]
        with self.assertRaises(ValidationError):
            Template.create(
                {
                    "name": "Bad",
                    "line_ids": [
                        (
                            0,
                            0,
                            {"indicator_id": self.ind_sales.id, "weight": 60, "target_value": 1},
                        ),
                        (0, 0, {"indicator_id": self.ind_manual.id, "weight": 30}),
                    ],
                }
            )
        with self.assertRaises(ValidationError):
            self.template.line_ids[:1].weight = 41
        with self.assertRaises(ValidationError):
            self.Indicator.create({"name": "Copy", "code": "SALES", "source": "manual"})
        wizard = self.env["sales.kpi.scorecard.generate"].with_user(self.manager_a)
        with self.assertRaises(AccessError):
            wizard.create(
                {
                    "template_id": self.template.id,
                    "period_date": "2026-01-15",
                    "team_ids": [(6, 0, self.team_b.ids)],
                }
            ).action_generate()
        with self.assertRaises(ValidationError):
            wizard.create(
                {
                    "template_id": self.template.id,
                    "period_date": "2026-01-15",
                    "date_from": "2026-01-31",
                    "date_to": "2026-01-01",
                    "team_ids": [(6, 0, self.team_a.ids)],
                }
            ).action_generate()
