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
            self._customer_guard_given_partners(vals_list)._check_may_work_on(self.env.user)
        records = super().create(vals_list)
        if not self.env.su:
            records._check_customer_guard()
            if self._customer_guard_maintains:
                records._customer_guard_partners()._touch_maintenance(self.env.user)
        return records

    def write(self, vals):
        if not self.env.su:
            self._customer_guard_given_partners([vals])._check_may_work_on(self.env.user)
        res = super().write(vals)
        if not self.env.su and set(self._customer_guard_fields) & vals.keys():
            self._check_customer_guard()
        return res

    @api.model
    def _customer_guard_given_partners(self, vals_list):
        """The customers that ``vals_list`` names."""
        return self.env["res.partner"].browse(
            {
                vals[fname]
                for vals in vals_list
                for fname in self._customer_guard_partner_fields
                if vals.get(fname)
            }
        )

    def _customer_guard_partners(self):
        partners = self.env["res.partner"]
        for fname in self._customer_guard_partner_fields:
            partners |= self.mapped(fname)
        return partners

    def _check_customer_guard(self):
        self._customer_guard_partners()._check_may_work_on(self.env.user)
