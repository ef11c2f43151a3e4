from odoo import api, models
from odoo.fields import Domain


class MailFollowers(models.Model):
    """Who follows a customer is part of the customer: another rep's protected customer shows
    them its name, owner and date only, not its followers."""

    _name = "mail.followers"
    _inherit = ["sales.document.access.mixin", "mail.followers"]

    @api.model
    def _get_readable_domain(self):
        return Domain("res_model", "!=", "res.partner") | self._get_document_readable_domain(
            ["res.partner"]
        )
