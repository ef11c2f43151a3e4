from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Work logs, revisits and complaints ---
    revisit_offsets = fields.Char(
        string="Revisit Days",
        default="30,90",
        help="Days after full delivery when the owner revisits the customer, separated by commas.",
    )
    complaint_sla_hours_low = fields.Integer(
        string="Response Hours (Low Severity)",
        default=72,
        help="Hours to resolve a complaint of low severity.",
    )
    complaint_sla_hours_medium = fields.Integer(
        string="Response Hours (Medium Severity)",
        default=24,
        help="Hours to resolve a complaint of medium severity.",
    )
    complaint_sla_hours_high = fields.Integer(
        string="Response Hours (High Severity)",
        default=8,
        help="Hours to resolve a complaint of high severity.",
    )

    @api.constrains(
        "revisit_offsets",
        "complaint_sla_hours_low",
        "complaint_sla_hours_medium",
        "complaint_sla_hours_high",
    )
    def _check_service_loop_settings(self):
        for company in self:
            company._get_revisit_offsets()
            hours = (
                company.complaint_sla_hours_low,
                company.complaint_sla_hours_medium,
                company.complaint_sla_hours_high,
            )
            if any(hour <= 0 for hour in hours):
                raise ValidationError(self.env._("Complaint response hours must be positive."))

    def _get_revisit_offsets(self):
        """The revisit offsets in days, sorted; a clear error for anything but whole days."""
        self.ensure_one()
        offsets = set()
        for part in (self.revisit_offsets or "").replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or int(part) <= 0:
                raise ValidationError(
                    self.env._(
                        "Revisit days must be positive whole numbers separated by commas, "
                        'e.g. "30,90"; "%s" is not.',
                        part,
                    )
                )
            offsets.add(int(part))
        return sorted(offsets)
