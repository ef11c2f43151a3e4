from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Templates whose lines are being written through the template: their weights are checked once,
# after all the lines have changed, not after each line.
TEMPLATE_WRITING = ContextVar("sales_kpi_template_writing", default=False)


class SalesKpiTemplate(models.Model):
    """Indicators with weights, targets and a score cap: how a tier is appraised."""

    _name = "sales.kpi.template"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "KPI Template"
    _order = "sequence, id"

    # === FIELDS === #
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    period_type = fields.Selection(
        [("month", "Monthly"), ("quarter", "Quarterly"), ("year", "Yearly")],
        required=True,
        default="month",
    )
    tier = fields.Selection(
        [("rep", "Sales Representatives"), ("manager", "Sales Managers")],
        required=True,
        default="rep",
        help="Representatives are appraised as the members of a team, managers as its leader.",
    )
    line_ids = fields.One2many("sales.kpi.template.line", "template_id", string="Indicators")
    total_weight = fields.Float(compute="_compute_total_weight")

    # === COMPUTES === #
    @api.depends("line_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.line_ids.mapped("weight"))

    # === CONSTRAINTS === #
    @api.constrains("line_ids")
    def _check_weights(self):
        for template in self:
            total = sum(template.line_ids.mapped("weight"))
            if round(total, 2) != 100:
                raise ValidationError(
                    self.env._(
                        "The weights of the indicators of %(template)s must total exactly 100; "
                        "they total %(total)s.",
                        template=template.name,
                        total=round(total, 2),
                    )
                )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        token = TEMPLATE_WRITING.set(True)
        try:
            return super().create(vals_list)
        finally:
            TEMPLATE_WRITING.reset(token)

    def write(self, vals):
        token = TEMPLATE_WRITING.set(True)
        try:
            return super().write(vals)
        finally:
            TEMPLATE_WRITING.reset(token)

    # === BUSINESS METHODS === #
    def _get_period(self, day):
        """First and last day of the template's period containing ``day``."""
        self.ensure_one()
        start, end = (
            fields.Date.start_of(day, self.period_type),
            fields.Date.end_of(day, self.period_type),
        )
        return start, end
