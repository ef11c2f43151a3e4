from odoo import models


class SaleOrder(models.Model):
    # Kept apart from sale_order.py (contract approval) to keep the customer lock in one place
    # with the mixin it applies.
    _name = "sale.order"
    _inherit = ["sale.order", "sales.customer.guard.mixin"]

    # Invoicing or delivering to another rep's protected customer is selling to it too.
    _customer_guard_partner_fields = ("partner_id", "partner_invoice_id", "partner_shipping_id")
    _customer_guard_fields = (*_customer_guard_partner_fields, "user_id")
