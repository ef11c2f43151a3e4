from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === COMPUTES === #
    @api.model
    def _get_archive_fields(self):
        """The credit limit is part of the customer archive (信用状况)."""
        return (*super()._get_archive_fields(), "credit_limit")

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
        # sudo: the owner's receipts decide, whichever of them the user may read
        Line = self.env["sales.collection.line"].sudo()
        for partner in self:
            company = partner.company_id or self.env.company
            domain = self._get_long_overdue_domain(partner, company)
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

    @api.model
    def _get_long_overdue_domain(self, partners, company=None):
        """Open receipts of ``partners`` overdue more than the escalation days."""
        company = company or self.env.company
        today = fields.Date.context_today(self)
        return (
            Domain("partner_id", "in", partners.commercial_partner_id.ids)
            & Domain("state", "=", "open")
            & Domain("due_date", "<", today - timedelta(days=company.collection_escalate_days))
        )

    @api.model
    def _recompute_archive_completeness(self):
        """After the parts of the archive changed (install, upgrade): every partner, by
        batches, archived ones included."""
        self.env.cr.execute(SQL("SELECT id FROM res_partner ORDER BY id"))
        ids = [row[0] for row in self.env.cr.fetchall()]
        field = self._fields["archive_completeness"]
        for start in range(0, len(ids), 5000):
            partners = self.browse(ids[start : start + 5000])
            self.env.add_to_compute(field, partners)
            partners.flush_recordset(["archive_completeness"])
            partners.invalidate_recordset()

    @api.model
    def _get_ownership_hold_condition(self, company, today):
        """Customers owing receipts overdue past the escalation days wait for the manager's
        decision instead of going to the pool by themselves (one indexed lookup a row)."""
        return SQL(
            """(%s OR EXISTS (
                SELECT 1 FROM sales_collection_line l
                 WHERE l.partner_id = p.id AND l.state = 'open' AND l.due_date < %s))""",
            super()._get_ownership_hold_condition(company, today),
            today - timedelta(days=company.collection_escalate_days),
        )
