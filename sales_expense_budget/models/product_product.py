from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductProduct(models.Model):
    _inherit = "product.product"

    # === FIELDS === #
    sales_expense_category_id = fields.Many2one(
        "sales.expense.category",
        index="btree_not_null",
        ondelete="restrict",
        help="Budget category that expenses on this product spend. One category per product.",
    )

    # === CONSTRAINTS === #
    @api.constrains("sales_expense_category_id", "can_be_expensed")
    def _check_sales_expense_category(self):
        for product in self:
            if product.sales_expense_category_id and not product.can_be_expensed:
                raise ValidationError(
                    self.env._(
                        "Product %(product)s is in the sales expense category %(category)s: "
                        "it must be an expense product.",
                        product=product.display_name,
                        category=product.sales_expense_category_id.name,
                    )
                )
