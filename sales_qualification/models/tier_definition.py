from odoo import api, fields, models


class TierDefinition(models.Model):
    _name = "tier.definition"
    _inherit = ["sales.reach.guard.mixin", "tier.definition"]

    qualification_review_type = fields.Selection(
        [("legal", "Legal"), ("finance", "Finance"), ("technical", "Technical")],
        string="Certificate Review Department",
        help="For the review tiers of qualification certificates: the department this tier "
        "reviews for.",
    )

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + ["sales.qualification"]
