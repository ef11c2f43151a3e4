from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        self._check_qualification_validity()
        return super().action_confirm()

    def write(self, vals):
        # Confirming by writing the state (RPC, other modules) meets the same check.
        if vals.get("state") == "sale":
            self.filtered(lambda order: order.state != "sale")._check_qualification_validity()
        return super().write(vals)

    def _get_qualification_required_date(self):
        """Date until which the certificates of the order must stay valid: at least
        ``min_remaining_days`` from today, and at least the committed delivery date."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        min_days = self.env["sales.qualification"]._get_min_remaining_days(self.company_id)
        required = today + timedelta(days=min_days)
        if self.commitment_date:
            required = max(required, fields.Date.context_today(self, self.commitment_date))
        return required

    def _check_qualification_validity(self):
        """Refuse to confirm an order that relies on a certificate which is not valid or
        will lapse before the order's required date."""
        problems = []
        for order in self:
            # sudo: the order's certificates are checked whatever the salesperson may read of them
            lines = order.order_line.sudo().filtered("qualification_id")
            if not lines:
                continue
            required = order._get_qualification_required_date()
            for qualification in lines.qualification_id:
                if qualification.state != "valid":
                    problems.append(
                        self.env._(
                            "%(order)s: certificate %(name)s is %(state)s.",
                            order=order.name,
                            name=qualification.name,
                            state=qualification._state_label(),
                        )
                    )
                elif qualification.expiry_date < required:
                    problems.append(
                        self.env._(
                            "%(order)s: certificate %(name)s expires on %(expiry)s, but must "
                            "stay valid until %(required)s.",
                            order=order.name,
                            name=qualification.name,
                            expiry=qualification.expiry_date,
                            required=required,
                        )
                    )
        if problems:
            raise UserError(self.env._("The order cannot be confirmed:\n%s", "\n".join(problems)))
