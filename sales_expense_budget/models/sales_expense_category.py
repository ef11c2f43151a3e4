from odoo import fields, models


class SalesExpenseCategory(models.Model):
    """A kind of sales expense that budgets plan (市场推广费, 差旅费...).

    The expense products of a category decide which category an expense spends: a product
    belongs to at most one category (the link lives on the product).
    """

    _name = "sales.expense.category"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Sales Expense Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short unique key, used by reports and imports.")
    sequence = fields.Integer(default=10)
    product_ids = fields.One2many(
        "product.product",
        "sales_expense_category_id",
        string="Expense Products",
        domain=[("can_be_expensed", "=", True)],
        help="Expenses on these products spend the budget of this category.",
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.UniqueIndex("(code)", "Two expense categories cannot share a code.")
