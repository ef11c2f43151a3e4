from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesKpiPeriodMixin(models.AbstractModel):
    """A period from ``date_from`` to ``date_to`` (whole days), checked in one place for
    targets, scorecards and the generation wizard."""

    _name = "sales.kpi.period.mixin"
    _description = "KPI Period"

    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for record in self:
            record._check_period_dates(record.date_from, record.date_to, record.display_name)

    @api.model
    def _check_period_dates(self, date_from, date_to, label=None):
        """Refuse a missing period or one that ends before it starts."""
        if not date_from or not date_to or date_to < date_from:
            raise ValidationError(
                self.env._(
                    "%(record)s: the period (%(from)s to %(to)s) must have a start and an end, "
                    "and cannot end before it starts.",
                    record=label or self._description,
                    **{"from": date_from or "?", "to": date_to or "?"},
                )
            )

    def _period_label(self):
        self.ensure_one()
        return f"{self.date_from} ~ {self.date_to}"
