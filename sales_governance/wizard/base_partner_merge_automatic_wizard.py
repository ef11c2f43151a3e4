from odoo import fields, models
from odoo.tools import format_list

from ..const import OWNED_STATES


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """The earliest evidenced registration keeps ownership of the merged customer."""
        # sudo: ownership of every merged partner decides, also of those the user may not read
        partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
        owned = partners.filtered(lambda p: p.ownership_state in OWNED_STATES and p.ownership_date)
        keeper = min(owned, key=lambda p: (p.ownership_date, p.id)) if owned else None
        kept = keeper and (
            keeper.user_id.id or None,
            keeper.ownership_state,
            keeper.ownership_date,
            keeper.last_maintenance_date,
        )
        names = format_list(self.env, partners.mapped("display_name"))
        kept_date = keeper and fields.Datetime.to_string(keeper.ownership_date)
        # Merging copies the owner and dates onto the destination: a workflow of its own.
        with self.env["res.partner"]._workflow_writing():
            res = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        # The survivor is one of the merged partners, whatever destination was asked for.
        survivor = partners.exists()[:1]
        if keeper and survivor:
            survivor._change_ownership(
                "merge",
                self.env._(
                    "Merged %(names)s; kept the registration of %(date)s",
                    names=names,
                    date=kept_date,
                ),
                rows={survivor.id: kept},
            )
        return res
