from odoo import api, models

# Relational field types whose value names partners.
_RELATIONAL = ("many2one", "many2many", "one2many")


class Base(models.AbstractModel):
    """Every record links only the customers its user may read: one guard for every model.

    Odoo computes stored and related fields with elevated rights: a lead, an order, a follower
    or a meeting attendee linked to a customer of the ownership lock that the user may not read
    (another representative's, a pool customer) would copy its phone, mail and address where the
    user reads them, and so would a form's ``onchange``. A create, a write or an onchange naming
    such a customer is refused; partners outside the lock (vendors, employees, users) are linked
    as in Odoo. The customer documents add their own check, which names the owner
    (``sales.customer.guard.mixin``)."""

    _inherit = "base"

    # Fields that name a customer the user may not read and copy nothing of it (an access
    # request names the customer it asks for).
    _customer_reference_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_linked_customers(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_linked_customers([vals], unchanged_ok=True)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        if not self.env.su:
            # What the form changes (all of it for a new record): the rest is the record's own.
            changed = values if not field_names else {f: values.get(f) for f in field_names}
            self._check_linked_customers([changed])
        return super().onchange(values, field_names, fields_spec)

    def _check_linked_customers(self, vals_list, unchanged_ok=False):
        """Refuse ``vals_list`` when it names a customer of the lock the user may not read."""
        partner_ids = set()
        for vals in vals_list:
            for fname, value in vals.items():
                field = self._fields.get(fname)
                if (
                    not value
                    or fname in self._customer_reference_fields
                    or field is None
                    or field.type not in _RELATIONAL
                    or field.comodel_name != "res.partner"
                ):
                    continue
                ids = self._linked_partner_ids(field, value)
                if unchanged_ok and field.type == "many2one" and self:
                    ids -= set(self.mapped(fname).ids)
                partner_ids |= ids
        if partner_ids:
            self.env["res.partner"].browse(partner_ids)._check_readable_customers()

    @api.model
    def _linked_partner_ids(self, field, value):
        """The ids of existing partners a value of ``field`` (as a client sends it) links."""
        if field.type == "many2one":
            if isinstance(value, dict):
                value = value.get("id")
            elif isinstance(value, (list, tuple)):
                value = value[0] if value else False
            return {value} if isinstance(value, int) and value else set()
        ids = set()
        if not isinstance(value, (list, tuple)):
            return ids
        for command in value:
            if isinstance(command, int):
                ids.add(command)
            elif isinstance(command, (list, tuple)) and command:
                if command[0] in (1, 4) and len(command) > 1 and isinstance(command[1], int):
                    ids.add(command[1])
                elif command[0] == 6 and len(command) > 2 and isinstance(command[2], list | tuple):
                    ids.update(pid for pid in command[2] if isinstance(pid, int))
        return ids
