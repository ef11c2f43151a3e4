from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesCustomerOwnershipLog(models.Model):
    """Every change of a customer's owner, kept as evidence: nobody edits or deletes it."""

    _name = "sales.customer.ownership.log"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Customer Ownership Log"
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict"
    )
    old_user_id = fields.Many2one("res.users", string="Previous Owner", index="btree_not_null")
    new_user_id = fields.Many2one("res.users", string="New Owner", index="btree_not_null")
    event = fields.Selection(
        [
            ("register", "Registered"),
            ("claim", "Claimed from pool"),
            ("release", "Released to pool"),
            ("stale", "Became stale"),
            ("auto_release", "Released automatically"),
            ("renew", "Kept by manager"),
            ("reassign", "Reassigned by manager"),
            ("transfer", "Transferred on request"),
            ("handover", "Handed over (user archived)"),
            ("merge", "Merged"),
        ],
        required=True,
    )
    reason = fields.Char()
    author_id = fields.Many2one("res.users", default=lambda self: self.env.user, required=True)
    date = fields.Datetime(related="create_date", string="Time")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Ownership history is written by the system only."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("Ownership history cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_evidence(self):
        raise UserError(self.env._("Ownership history cannot be deleted."))
