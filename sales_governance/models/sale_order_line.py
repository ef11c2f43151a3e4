from odoo import models


class SaleOrderLine(models.Model):
    """Order lines stay on orders their writer may change (see ``sales.reach.guard.mixin``)."""

    _name = "sale.order.line"
    _inherit = ["sales.reach.guard.mixin", "sale.order.line"]
