from odoo import api, models

# Orders whose delivered quantities a compute changed in this transaction (precommit data key).
PENDING_KEY = "sales_governance.revisit_orders"


# Kept apart from sale_order_line.py (contract approval): the revisit hook is its own concern.
class SaleOrderLine(models.Model):
    """A fully delivered order plans its revisits. Delivered quantities change either
    by a write (manual delivery, the ``sale`` flow) or by their compute (``sale_stock``
    pickings, ``analytic`` expenses); both paths end in ``sales.revisit._plan_for_orders``."""

    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        res = super().write(vals)
        if "qty_delivered" in vals:
            self.env["sales.revisit"]._plan_for_orders(self.order_id)
        return res

    def _compute_qty_delivered(self):
        res = super()._compute_qty_delivered()
        # A compute must not create records: plan them just before the commit instead.
        orders = self.order_id.filtered(lambda order: order.state == "sale")
        if orders.ids:
            pending = self.env.cr.precommit.data.setdefault(PENDING_KEY, set())
            pending.update(orders.ids)
            self.env.cr.precommit.add(self._plan_pending_revisits)
        return res

    @api.model
    def _plan_pending_revisits(self):
        order_ids = self.env.cr.precommit.data.pop(PENDING_KEY, set())
        if order_ids:
            # sudo: revisits are planned by the system for the owner, whoever delivers the order
            self.env["sales.revisit"].sudo()._plan_for_orders(
                self.env["sale.order"].browse(order_ids).exists()
            )
            self.env.flush_all()
