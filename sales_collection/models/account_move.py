from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._get_collection_orders()._sync_collection_lines()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._get_collection_orders()._sync_collection_lines()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._get_collection_orders()._sync_collection_lines()
        return res

    def _get_collection_orders(self):
        """The confirmed orders whose collection plan follows these customer invoices."""
        invoices = self.filtered(lambda move: move.move_type == "out_invoice")
        # sudo: accountants post invoices of orders they may not read
        orders = invoices.sudo().line_ids.sale_line_ids.order_id
        return orders.filtered(lambda order: order.state == "sale")
