from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        result = super().write(vals)
        if "user_ids" in vals:
            # A tier granted from the group's form, as from the user's: the same home action.
            self.all_user_ids._set_sales_home_action()
        return result
