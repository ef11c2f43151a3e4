from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # A follower is a customer linked to the document: only one the user may read (a
        # follower's name and mail are read with elevated rights, see models/base.py).
        if partner_ids and not self.env.su:
            self.env["res.partner"].browse(partner_ids)._check_readable_customers()
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
