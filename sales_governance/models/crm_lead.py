from odoo import fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["sales.reach.guard.mixin", "crm.lead", "sales.customer.guard.mixin"]

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
    def _compute_phone(self):
        kept = self._get_leads_out_of_customer_reach()
        for lead in kept:
            lead.phone = lead.phone
        return super(CrmLead, self - kept)._compute_phone()

    def _compute_email_from(self):
        kept = self._get_leads_out_of_customer_reach()
        for lead in kept:
            lead.email_from = lead.email_from
        return super(CrmLead, self - kept)._compute_email_from()

    # === BUSINESS METHODS === #
    def _get_leads_out_of_customer_reach(self):
        """The leads whose salesperson may not read their customer any more (it went back to
        the pool, or to another rep): they keep the phone and mail they had. Odoo copies a
        customer's new phone and mail onto every lead of it, with elevated rights, where the
        lead's salesperson would read them."""
        leads = self.filtered("partner_id")
        partners = leads.partner_id._sudo_ownership()
        locked = partners.filtered(lambda p: p.commercial_partner_id.ownership_state)
        if not locked:
            return self.browse()
        kept = self.browse()
        for user in {lead.user_id for lead in leads}:
            # Without a salesperson, nobody in particular reads the customer: keep.
            readable = locked._filter_readable(user) if user else locked.browse()
            kept |= leads.filtered(
                lambda lead, u=user, r=readable: lead.user_id == u
                and lead.partner_id in locked
                and lead.partner_id not in r
            )
        return kept
