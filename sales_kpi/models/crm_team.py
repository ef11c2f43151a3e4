from odoo import models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def _get_kpi_users(self):
        """Whose books make the teams' figures (team targets, managers' scorecards): their
        active members and their leaders."""
        return self.member_ids | self.user_id
