from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiReach(KpiCase):
    """A manager's scorecards and targets stay with the reps of the teams they lead, and a rep
    is ranked and targeted in their own team (manager A leads A, manager B leads B)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = {"date_from": "2026-01-01", "date_to": "2026-12-31"}

    def _new_scorecard(self, user, rep, team):
        return (
            self.env["sales.kpi.scorecard"]
            .with_user(user)
            .create(
                {
                    "user_id": rep.id,
                    "team_id": team.id,
                    "template_id": self.template.id,
                    "date_from": "2026-02-01",
                    "date_to": "2026-02-28",
                }
            )
        )

    def _new_target(self, user, rep, team, amount=1000):
        return (
            self.env["sales.target"]
            .with_user(user)
            .create(
                {
                    "name": f"2026 {rep.name}",
                    "user_id": rep.id,
                    "team_id": team.id,
                    "target_amount": amount,
                    **self.year,
                }
            )
        )

    def test_manager_moves_scorecard_within_team(self):
        """A manager hands a scorecard to another rep of their team."""
        card = self._new_scorecard(self.manager_a, self.rep_a, self.team_a)
        card.write({"user_id": self.rep_a2.id})
        self.assertEqual(card.user_id, self.rep_a2)

    def test_manager_cannot_move_scorecard_out_of_reach(self):
        """A manager cannot hand a scorecard to a rep of another team, with or without the
        team: the record would leave what they may change."""
        card = self._new_scorecard(self.manager_a, self.rep_a, self.team_a)
        with self.assertRaises(ValidationError):
            card.write({"user_id": self.rep_b.id})
        with self.assertRaises(AccessError) as refused:
            card.write({"user_id": self.rep_b.id, "team_id": self.team_b.id})
        self.assertIn("out of your reach", str(refused.exception))
        self.assertEqual(card.sudo().user_id, self.rep_a)
        # The director may: both are within their reach.
        card.with_user(self.director).write({"user_id": self.rep_b.id, "team_id": self.team_b.id})
        self.assertEqual(card.sudo().user_id, self.rep_b)

    def test_scorecard_rep_belongs_to_team(self):
        """A rep is ranked in a team they belong to or lead, whoever writes it."""
        with self.assertRaises(ValidationError):
            self._new_scorecard(self.director, self.rep_b, self.team_a)
        card = self._new_scorecard(self.director, self.manager_a, self.team_a)
        self.assertEqual(card.team_id, self.team_a)
        with self.assertRaises(ValidationError):
            card.with_user(self.director).write({"team_id": self.team_b.id})

    def test_manager_moves_target_within_team(self):
        """A manager hands a rep's target to another rep of their team."""
        target = self._new_target(self.manager_a, self.rep_a, self.team_a)
        target.write({"user_id": self.rep_a2.id})
        self.assertEqual(target.user_id, self.rep_a2)

    def test_manager_cannot_move_target_out_of_reach(self):
        """A manager cannot hand a target to a rep of another team."""
        target = self._new_target(self.manager_a, self.rep_a, self.team_a)
        with self.assertRaises(ValidationError):
            target.write({"user_id": self.rep_b.id})
        with self.assertRaises(AccessError) as refused:
            target.write({"user_id": self.rep_b.id, "team_id": self.team_b.id})
        self.assertIn("out of your reach", str(refused.exception))
        self.assertEqual(target.sudo().user_id, self.rep_a)

    def test_target_rep_belongs_to_team(self):
        """A salesperson's target belongs to their own team, whoever writes it."""
        with self.assertRaises(ValidationError):
            self._new_target(self.director, self.rep_b, self.team_a)
        self._new_target(self.director, self.manager_b, self.team_b)
