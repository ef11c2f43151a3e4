from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SalesGovernanceCase


@tagged("post_install", "-at_install")
class TestReach(SalesGovernanceCase):
    """Leads and order lines stay within reach of whoever changes them (sales.reach.guard.mixin):
    a rep keeps their own, a manager moves them within their teams."""

    def _lead(self, user):
        return self.env["crm.lead"].with_user(user).create({"name": "Street lamps for a school"})

    def test_rep_cannot_hand_lead_to_another_team(self):
        """A rep cannot give their lead to a rep of another team: it would leave their reach."""
        lead = self._lead(self.rep_a)
        with self.assertRaises(AccessError) as refused:
            lead.write({"user_id": self.rep_b.id, "team_id": self.team_b.id})
        self.assertIn("out of your reach", str(refused.exception))
        self.assertEqual(lead.user_id, self.rep_a)

    def test_manager_moves_lead_within_team(self):
        """A manager hands a lead of their team to another of its reps, not to another team."""
        lead = self._lead(self.rep_a).with_user(self.manager_a)
        lead.write({"user_id": self.rep_a2.id})
        self.assertEqual(lead.user_id, self.rep_a2)
        with self.assertRaises(AccessError) as refused:
            lead.write({"user_id": self.rep_b.id, "team_id": self.team_b.id})
        self.assertIn("out of your reach", str(refused.exception))
        self.assertEqual(lead.user_id, self.rep_a2)

    def test_rep_cannot_move_order_line_to_another_order(self):
        """A rep cannot move a line of their order onto another rep's order."""
        line = self.order_a.order_line[:1].with_user(self.rep_a)
        with self.assertRaises(AccessError) as refused:
            line.write({"order_id": self.order_b.id})
        self.assertIn("out of your reach", str(refused.exception))
        self.assertEqual(line.sudo().order_id, self.order_a)
