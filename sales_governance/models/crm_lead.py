from odoo import fields, models


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
