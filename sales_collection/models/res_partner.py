from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === ACTIONS === #
    def action_release(self):
        self._check_release_overdue()
        return super().action_release()

    # === BUSINESS METHODS === #
    def _check_release_overdue(self):
        """A customer owing receipts overdue past the escalation days goes back to the public
        pool only by the decision of the owner's manager or a director, who see the debt."""
        if self.env.su:
            return
        today = fields.Date.context_today(self)
        # sudo: the owner's receipts decide, whichever of them the user may read
        Line = self.env["sales.collection.line"].sudo()
        for partner in self:
            company = partner.company_id or self.env.company
            domain = (
                Domain("partner_id", "=", partner.commercial_partner_id.id)
                & Domain("state", "=", "open")
                & Domain("due_date", "<", today - timedelta(days=company.collection_escalate_days))
            )
            if Line.search_count(domain, limit=1) and not partner._is_ownership_manager(
                self.env.user
            ):
                raise UserError(
                    self.env._(
                        "%(customer)s has receipts overdue more than %(days)s days: only the "
                        "owner's manager or a director may release it to the public pool.",
                        customer=partner.display_name,
                        days=company.collection_escalate_days,
                    )
                )
