from odoo import fields, models


class SalesCustomerClass(models.Model):
    _name = "sales.customer.class"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Customer Class"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    protection_days = fields.Integer(
        help="Days a customer of this class stays protected after its last maintenance; "
        "0 uses the company setting."
    )

    _protection_days_positive = models.Constraint(
        "CHECK (protection_days >= 0)", "Protection days cannot be negative."
    )
