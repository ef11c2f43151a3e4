from odoo import models


class SaleOrder(models.Model):
    # Kept apart from sale_order.py (contract approval) to keep the customer lock in one place
    # with the mixin it applies.
    _name = "sale.order"
    _inherit = ["sale.order", "sales.customer.guard.mixin"]

    # Invoicing or delivering to another rep's protected customer is selling to it too.
    _customer_guard_partner_fields = ("partner_id", "partner_invoice_id", "partner_shipping_id")
    _customer_guard_fields = (*_customer_guard_partner_fields, "user_id")

    def action_confirm(self):
        res = super().action_confirm()
        self._adopt_sold_customers()
        return res

    def _adopt_sold_customers(self):
        """A customer an order is confirmed for is in the ownership lock: one still outside it
        (made before the lock, by a superuser or outside sales) joins it, protected for the
        order's salesperson when a sales user, else in the public pool. Also for an order
        confirmed with elevated rights (a portal signature, a payment)."""
        for order in self:
            # sudo: the customer may be one the confirming user cannot read; ownership columns only
            customer = order.sudo().partner_id._sudo_ownership().commercial_partner_id
            if customer.ownership_state or not customer._get_lockable_partners():
                continue
            customer._adopt_customer(
                # sudo: the order may be confirmed by a user who cannot read it (portal, payment)
                order.sudo().user_id,
                self.env._("Order %s confirmed", order.sudo().name),
                check_duplicates=True,
            )
