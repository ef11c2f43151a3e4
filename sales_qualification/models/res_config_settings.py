from odoo import fields, models

from .sales_qualification import GROUP_MANAGER


class ResConfigSettings(models.TransientModel):
    """Qualification settings of the current company (stored on ``res.company``, bounded
    there). The reviewers of a new certificate are its review tiers (Configuration)."""

    _inherit = "res.config.settings"

    qualification_alert_lead_days = fields.Char(
        related="company_id.qualification_alert_lead_days", readonly=False
    )
    qualification_min_remaining_days = fields.Integer(
        related="company_id.qualification_min_remaining_days", readonly=False
    )
    qualification_max_borrow_days = fields.Integer(
        related="company_id.qualification_max_borrow_days", readonly=False
    )
    qualification_manager_id = fields.Many2one(
        related="company_id.qualification_manager_id",
        readonly=False,
        domain=lambda self: [("group_ids", "in", self.env.ref(GROUP_MANAGER).id)],
    )
