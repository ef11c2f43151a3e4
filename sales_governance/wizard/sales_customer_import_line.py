from odoo import fields, models

VERDICTS = [
    ("new", "New"),
    ("duplicate", "Duplicate"),
    ("conflict", "Owner Conflict"),
    ("invalid_vat", "Invalid Credit Code"),
    ("unknown_owner", "Unknown Owner"),
    ("invalid_owner", "Owner Not in Sales"),
    ("invalid", "Invalid Row"),
]


class SalesCustomerImportLine(models.TransientModel):
    """One row of an initial import file, as written, with the preview's verdict."""

    _name = "sales.customer.import.line"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Initial Customer Import Row"
    _order = "row"

    import_id = fields.Many2one(
        "sales.customer.import", required=True, ondelete="cascade", index=True
    )
    row = fields.Integer(readonly=True)
    name = fields.Char(readonly=True)
    vat = fields.Char(string="Credit Code", readonly=True)
    phone = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    city = fields.Char(readonly=True)
    owner_login = fields.Char(readonly=True)
    last_contact_text = fields.Char(string="Last Contact (as written)", readonly=True)
    owner_id = fields.Many2one("res.users", readonly=True)
    last_contact_date = fields.Date(string="Last Contact", readonly=True)
    verdict = fields.Selection(VERDICTS, required=True, readonly=True)
    message = fields.Char(string="Detail", readonly=True)
    match_partner_id = fields.Many2one("res.partner", string="Archive Customer", readonly=True)
    match_row = fields.Integer(string="Same as Row", readonly=True)

    def _as_row(self):
        """The row as the file gave it, for a new analysis."""
        self.ensure_one()
        return {
            fname: self[fname]
            for fname in (
                "row",
                "name",
                "vat",
                "phone",
                "email",
                "city",
                "owner_login",
                "last_contact_text",
            )
        }
