from odoo import fields, models
from odoo.addons.crm.models.crm_lead import PARTNER_ADDRESS_FIELDS_TO_SYNC


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "sales.customer.guard.mixin"]

    presales_user_id = fields.Many2one(
        "res.users",
        string="Presales Engineer",
        index=True,
        tracking=True,
        domain=lambda self: [
            ("group_ids", "in", self.env.ref("sales_governance.group_presales_engineer").id)
        ],
        help="Presales engineer supporting this opportunity: they can see and work on it.",
    )

    # === COMPUTES === #
    def _hides_partner_contacts(self, partner=None):
        """A pool customer's contact details stay hidden from reps until claimed:
        an opportunity must not copy them either."""
        commercial = (partner or self.partner_id).commercial_partner_id.sudo()
        return (
            commercial.ownership_state == "pool"
            and not self.env["res.partner"]._can_see_hidden_contacts()
        )

    def _compute_phone(self):
        hidden = self.filtered(lambda lead: lead._hides_partner_contacts())
        for lead in hidden:
            lead.phone = lead.phone
        return super(CrmLead, self - hidden)._compute_phone()

    def _compute_email_from(self):
        hidden = self.filtered(lambda lead: lead._hides_partner_contacts())
        for lead in hidden:
            lead.email_from = lead.email_from
        return super(CrmLead, self - hidden)._compute_email_from()

    def _compute_website(self):
        hidden = self.filtered(lambda lead: lead._hides_partner_contacts())
        for lead in hidden:
            lead.website = lead.website
        return super(CrmLead, self - hidden)._compute_website()

    def _prepare_address_values_from_partner(self, partner):
        if self._hides_partner_contacts(partner):
            return {fname: self[fname] for fname in PARTNER_ADDRESS_FIELDS_TO_SYNC}
        return super()._prepare_address_values_from_partner(partner)

    def _prepare_values_from_partner(self, partner):
        values = super()._prepare_values_from_partner(partner)
        if self._hides_partner_contacts(partner):
            for fname in ("phone", "email_from", "website"):
                values.pop(fname, None)
        return values
