from odoo import api, models
from odoo.fields import Domain


class MailFollowers(models.Model):
    """A follower is read only by whoever may read both its document and its partner: another
    rep's protected customer shows them its name, owner and date only, not its followers; and
    a customer they may not read does not show its name and mail as a follower of their own
    documents (``email`` and ``name`` are related fields, read with elevated rights)."""

    _name = "mail.followers"
    _inherit = ["sales.document.access.mixin", "mail.followers"]

    @api.model
    def _get_readable_domain(self):
        documents = Domain("res_model", "!=", "res.partner") | self._get_document_readable_domain(
            ["res.partner"]
        )
        partners = self.env["res.partner"].with_context(active_test=False)._search([])
        return documents & Domain("partner_id", "in", partners)
