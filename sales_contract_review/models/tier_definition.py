from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    amount_threshold = fields.Float(
        string="From Amount",
        digits="Product Price",
        help="Apply only to documents whose total, in company currency, reaches this "
        "amount, or whose discount reaches the discount threshold. 0: no amount condition.",
    )
    threshold_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_threshold_currency_id",
        help="The company currency the amount threshold is compared in.",
    )
    discount_threshold = fields.Float(
        string="From Discount (%)",
        digits="Discount",
        help="Apply only to orders granting at least this discount beyond the pricelist, "
        "or reaching the amount threshold. 0: no discount condition.",
    )

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_threshold_currency_id(self):
        for tier in self:
            tier.threshold_currency_id = (tier.company_id or self.env.company).currency_id

    @api.constrains("amount_threshold", "discount_threshold")
    def _check_thresholds(self):
        for tier in self:
            if tier.amount_threshold < 0 or not 0 <= tier.discount_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "Tier %s: the amount threshold cannot be negative and the discount "
                        "threshold must lie between 0 and 100.",
                        tier.name,
                    )
                )
