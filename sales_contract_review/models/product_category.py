from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductCategory(models.Model):
    _inherit = "product.category"

    has_contract_discount_limit = fields.Boolean(
        string="Own Discount Limit",
        help="Use the discount limit below for the products of this category and its "
        "subcategories instead of the company's.",
    )
    contract_max_discount = fields.Float(
        string="Maximum Discount (%)",
        digits="Discount",
        help="Highest line discount a representative may give without a special contract review.",
    )

    @api.constrains("contract_max_discount")
    def _check_contract_max_discount(self):
        for category in self:
            if not 0 <= category.contract_max_discount <= 100:
                raise ValidationError(
                    self.env._(
                        "The maximum discount of %s must lie between 0 and 100%%.",
                        category.display_name,
                    )
                )
