from odoo import models


class IrQwebFieldContact(models.AbstractModel):
    _inherit = "ir.qweb.field.contact"

    def value_to_html(self, value, options):
        # The contact widget (reports, pages) reads the partner with elevated rights: a
        # customer an internal user may not read shows its name only (see res.partner's
        # display name).
        if value and self.env.user._is_internal() and value - value._filter_readable():
            options = {**options, "fields": ["name"]}
        return super().value_to_html(value, options)
