from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Field types that can be left blank (numbers and booleans always hold a value).
BLANKABLE_TYPES = (
    "char",
    "text",
    "html",
    "date",
    "datetime",
    "selection",
    "many2one",
    "one2many",
    "many2many",
    "binary",
)


class SalesContractRequiredField(models.Model):
    _name = "sales.contract.required.field"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Required Contract Field"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    field_id = fields.Many2one(
        "ir.model.fields",
        required=True,
        ondelete="cascade",
        domain=[("model", "=", "sale.order"), ("ttype", "in", BLANKABLE_TYPES)],
        help="Order field that must be filled before the order is sent for validation "
        "or confirmed.",
    )
    name = fields.Char(related="field_id.field_description", string="Label")
    field_name = fields.Char(related="field_id.name", string="Technical Name")
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to require the field in every company.",
    )
    active = fields.Boolean(default=True)

    _field_company_uniq = models.UniqueIndex(
        "(field_id, COALESCE(company_id, 0))",
        "This field is already required.",
    )

    # === CONSTRAINTS === #
    @api.constrains("field_id")
    def _check_field_id(self):
        for rule in self:
            field = rule.field_id
            if field.model != "sale.order" or field.ttype not in BLANKABLE_TYPES:
                raise ValidationError(
                    self.env._(
                        "%s cannot be left blank: only text, date, choice and relation "
                        "fields of sales orders can be required.",
                        field.field_description,
                    )
                )

    # === BUSINESS METHODS === #
    def _get_missing_fields(self, order):
        """The ``ir.model.fields`` among the rules in ``self`` that ``order`` leaves blank."""
        missing = self.env["ir.model.fields"]
        for rule in self:
            if rule.company_id and rule.company_id != order.company_id:
                continue
            fname = rule.field_id.name
            if fname in order._fields and not order[fname]:
                missing |= rule.field_id
        return missing
