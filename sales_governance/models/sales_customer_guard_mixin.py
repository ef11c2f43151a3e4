from odoo import api, models


class SalesCustomerGuardMixin(models.AbstractModel):
    """Documents of a protected customer are created or moved only by those allowed to work on
    it, and working on them counts as maintaining the customer."""

    _name = "sales.customer.guard.mixin"
    _description = "Protected Customer Guard"

    # Fields naming the customers the document is for.
    _customer_guard_partner_fields = ("partner_id",)
    # Fields that, when set or changed, (re)attach the document to a customer or a person:
    # taking over an unassigned opportunity of a protected customer is working on it too.
    _customer_guard_fields = ("partner_id", "user_id")
    # Whether creating the document renews the protection of its customers for their owner
    # (an order, an opportunity); a record the owner is measured by does not.
    _customer_guard_maintains = True

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Before creating, so that the refusal names the owner rather than a record rule.
            partner_ids = {
                vals[fname]
                for vals in vals_list
                for fname in self._customer_guard_partner_fields
                if vals.get(fname)
            }
            self.env["res.partner"].browse(partner_ids)._check_may_work_on(self.env.user)
        records = super().create(vals_list)
        if not self.env.su:
            records._check_customer_guard()
            if self._customer_guard_maintains:
                records._customer_guard_partners()._touch_maintenance(self.env.user)
        return records

    def write(self, vals):
        res = super().write(vals)
        if not self.env.su and set(self._customer_guard_fields) & vals.keys():
            self._check_customer_guard()
        return res

    def export_data(self, fields_to_export):
        # ``partner_id/phone``: a pool customer's contacts stay hidden through a related path.
        Partner = self.env["res.partner"]
        hidden = Partner._get_hidden_contact_paths(self, fields_to_export)
        if hidden and not self.env.su and not Partner._can_see_hidden_contacts():
            self = self.filtered(
                lambda record: all(
                    record.sudo()[fname].commercial_partner_id.ownership_state != "pool"
                    for fname in hidden
                )
            )
        return super().export_data(fields_to_export)

    def _customer_guard_partners(self):
        partners = self.env["res.partner"]
        for fname in self._customer_guard_partner_fields:
            partners |= self.mapped(fname)
        return partners

    def _check_customer_guard(self):
        self._customer_guard_partners()._check_may_work_on(self.env.user)
