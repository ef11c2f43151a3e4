from odoo.exceptions import AccessError
from odoo.tests import tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiSecurity(KpiCase):
    """Scorecards: the rep their own, the manager their teams', the director all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card_a = cls._scorecard(cls.rep_a, cls.team_a)
        cls.card_a2 = cls._scorecard(cls.rep_a2, cls.team_a)
        cls.card_b = cls._scorecard(cls.rep_b, cls.team_b)
        (cls.card_a | cls.card_a2 | cls.card_b)._compute_kpis()
        cls.cards = (cls.card_a | cls.card_a2 | cls.card_b).with_env(cls.env)

    def test_rep_reads_own_only(self):
        """A rep finds, reads, groups and exports only their own scorecard and lines."""
        self.assertVisible(self.rep_a, self.card_a)
        self.assertInvisible(self.rep_a, self.card_a2 | self.card_b)
        Line = self.env["sales.kpi.scorecard.line"].with_user(self.rep_a)
        lines = Line.search([("scorecard_id", "in", self.cards.ids)])
        self.assertEqual(lines.scorecard_id, self.card_a.with_user(self.rep_a))
        Analysis = self.env["sales.kpi.analysis"].with_user(self.rep_a)
        groups = Analysis._read_group([], ["user_id"], ["score:sum"])
        self.assertEqual([user for user, _score in groups], [self.rep_a.with_user(self.rep_a)])
        exported = self.card_a.with_user(self.rep_a).export_data(["total_score", "line_ids/score"])
        self.assertEqual(len(exported["datas"]), len(self.card_a.line_ids))
        # Hidden fields cannot be used to probe others' scores.
        self.assertFalse(
            self.env["sales.kpi.scorecard"]
            .with_user(self.rep_a)
            .search([("user_id", "=", self.rep_b.id), ("total_score", ">=", 0)])
        )

    def test_rep_writes_no_number(self):
        """A rep changes nothing on their scorecard: not a line, not a total, not the state."""
        card = self.card_a.with_user(self.rep_a)
        with self.assertRaises(AccessError):
            card.write({"review_comment": "great"})
        with self.assertRaises(AccessError):
            card.line_ids[:1].write({"comment": "great"})
        with self.assertRaises(AccessError):
            card.line_ids[:1].write({"manual_score": 120, "adjust_reason": "me"})
        with self.assertRaises(AccessError):
            card.action_review()
        with self.assertRaises(AccessError):
            self.env["sales.kpi.scorecard"].with_user(self.rep_a).create(
                {
                    "user_id": self.rep_a.id,
                    "template_id": self.template.id,
                    "date_from": "2026-02-01",
                    "date_to": "2026-02-28",
                }
            )

    def test_manager_their_teams(self):
        """A manager sees and scores their team's reps, not another team's."""
        self.assertVisible(self.manager_a, self.card_a | self.card_a2)
        self.assertInvisible(self.manager_a, self.card_b)
        self.assertVisible(self.manager_b, self.card_b)
        self.assertInvisible(self.manager_b, self.card_a | self.card_a2)
        Line = self.env["sales.kpi.scorecard.line"].with_user(self.manager_a)
        self.assertEqual(
            Line.search([("scorecard_id", "in", self.cards.ids)]).scorecard_id,
            (self.card_a | self.card_a2).with_user(self.manager_a),
        )
        groups = (
            self.env["sales.kpi.analysis"]
            .with_user(self.manager_a)
            ._read_group([], ["user_id"], ["weighted_score:sum"])
        )
        self.assertEqual({user.id for user, _score in groups}, {self.rep_a.id, self.rep_a2.id})
        self.card_a.with_user(self.manager_a).write({"review_comment": "Keep it up"})
        with self.assertRaises(AccessError):
            self.card_a.with_user(self.manager_a).write({"total_score": 100})
        with self.assertRaises(AccessError):
            self.card_a.with_user(self.manager_a).write({"rank": 5})

    def test_director_everything(self):
        """A director sees every scorecard of the company and confirms."""
        self.assertVisible(self.director, self.cards)
        groups = (
            self.env["sales.kpi.analysis"]
            .with_user(self.director)
            ._read_group([("scorecard_id", "in", self.cards.ids)], ["team_id"], ["__count"])
        )
        self.assertEqual(sum(count for _team, count in groups), len(self.cards.line_ids))
