from odoo import models


class SaleOrder(models.Model):
    # Kept apart from sale_order.py (contract approval) to keep the customer lock in one place
    # with the mixin it applies.
    _name = "sale.order"
    _inherit = ["sale.order", "sales.customer.guard.mixin"]
