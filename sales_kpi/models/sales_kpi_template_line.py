from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sales_kpi_template import TEMPLATE_WRITING


class SalesKpiTemplateLine(models.Model):
    _name = "sales.kpi.template.line"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "KPI Template Indicator"
    _order = "sequence, id"

    # === FIELDS === #
    template_id = fields.Many2one(
        "sales.kpi.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    indicator_id = fields.Many2one("sales.kpi.indicator", required=True, ondelete="restrict")
    source = fields.Selection(related="indicator_id.source")
    direction = fields.Selection(related="indicator_id.direction")
    weight = fields.Float(required=True, help="Share of the total score, in percent.")
    target_value = fields.Float(
        string="Target", help="The value that scores 100; unused for manual indicators."
    )
    score_cap = fields.Float(default=120.0, required=True, help="Highest score of the line.")

    _indicator_unique = models.UniqueIndex(
        "(template_id, indicator_id)", "An indicator appears once in a template."
    )

    # === CONSTRAINTS === #
    @api.constrains("weight", "target_value", "score_cap", "indicator_id")
    def _check_values(self):
        for line in self:
            if line.weight <= 0 or line.weight > 100:
                raise ValidationError(
                    self.env._(
                        "The weight of %s must be more than 0 and at most 100.",
                        line.indicator_id.name,
                    )
                )
            if line.score_cap <= 0:
                raise ValidationError(
                    self.env._("The score cap of %s must be positive.", line.indicator_id.name)
                )
            if line.indicator_id.source != "manual" and line.target_value <= 0:
                raise ValidationError(
                    self.env._(
                        "The target of %s must be positive: scores are measured against it.",
                        line.indicator_id.name,
                    )
                )

    # === CRUD === #
    # Lines written on their own (not through their template) keep the template's total at 100.
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not TEMPLATE_WRITING.get():
            lines.template_id._check_weights()
        return lines

    def write(self, vals):
        templates = self.template_id
        result = super().write(vals)
        if not TEMPLATE_WRITING.get():
            (templates | self.template_id)._check_weights()
        return result

    def unlink(self):
        templates = self.template_id
        result = super().unlink()
        if not TEMPLATE_WRITING.get():
            templates.exists()._check_weights()
        return result
