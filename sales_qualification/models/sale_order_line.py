from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    qualification_id = fields.Many2one(
        "sales.qualification",
        index="btree_not_null",
        check_company=True,
        domain="[('state', '=', 'valid')]",
        help="Qualification certificate this line sells or relies on: it must stay valid long "
        "enough for the order to be confirmed.",
    )
