from odoo import fields, models


class SalesCustomerLookupLog(models.Model):
    """Who ran the duplicate check for what: the check must not become a way to mine the archive."""

    _name = "sales.customer.lookup.log"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Duplicate Check Log"
    _order = "create_date desc, id desc"
    _rec_name = "query"

    user_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, required=True, index=True, readonly=True
    )
    query = fields.Char(required=True, readonly=True)
    match_count = fields.Integer(readonly=True)
    result = fields.Char(readonly=True)
    result_partner_ids = fields.Many2many(
        "res.partner",
        "sales_customer_lookup_log_partner_rel",
        "log_id",
        "partner_id",
        string="Customers Found",
        readonly=True,
        help="What the lookup answered: the customer directory shows a representative only "
        "the entries they found, asked for access to or were refused for.",
    )
    date = fields.Datetime(related="create_date", string="Time")
