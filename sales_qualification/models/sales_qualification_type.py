from odoo import api, fields, models


class SalesQualificationType(models.Model):
    _name = "sales.qualification.type"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Qualification Type"
    _order = "sequence, name, id"

    _code_unique = models.Constraint(
        "UNIQUE(code)",
        "The code of a qualification type must be unique.",
    )

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short reference of the type, e.g. ZZ-LIGHT.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    qualification_ids = fields.One2many("sales.qualification", "type_id", string="Certificates")
    qualification_count = fields.Integer(compute="_compute_qualification_count")

    @api.depends("qualification_ids")
    def _compute_qualification_count(self):
        counts = dict(
            self.env["sales.qualification"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for qualification_type in self:
            qualification_type.qualification_count = counts.get(qualification_type, 0)
