from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_ALERT_LEAD_DAYS = "90,30,7"
DEFAULT_MIN_REMAINING_DAYS = 90
DEFAULT_MAX_BORROW_DAYS = 30
# Longest lead time, remaining validity or borrow period a setting accepts: ten years.
MAX_SETTING_DAYS = 3650


def parse_lead_days(text):
    """Return the lead times of a "90,30,7" setting, largest first.

    Raise ``ValueError`` on anything that is not a list of whole days between 1 and
    ``MAX_SETTING_DAYS``.
    """
    values = [part.strip() for part in (text or "").split(",") if part.strip()]
    days = [int(value) for value in values]
    if not days or any(not 1 <= day <= MAX_SETTING_DAYS for day in days):
        raise ValueError(text)
    return sorted(set(days), reverse=True)


class ResCompany(models.Model):
    """The qualification settings of a company: its certificates, borrowings and orders
    follow them (Settings shows those of the current company)."""

    _inherit = "res.company"

    qualification_alert_lead_days = fields.Char(
        string="Expiry Alert Lead Times",
        default=DEFAULT_ALERT_LEAD_DAYS,
        help="Days before expiry at which custodian and manager are alerted, separated by "
        "commas, e.g. 90,30,7.",
    )
    qualification_min_remaining_days = fields.Integer(
        string="Minimum Remaining Validity",
        default=DEFAULT_MIN_REMAINING_DAYS,
        help="An order relying on a certificate is confirmed only if the certificate stays "
        "valid for at least this many days (and until the delivery date).",
    )
    qualification_max_borrow_days = fields.Integer(
        string="Maximum Borrow Days",
        default=DEFAULT_MAX_BORROW_DAYS,
        help="Longest period a certificate may be borrowed for; 0 for no limit.",
    )
    qualification_manager_id = fields.Many2one(
        "res.users",
        string="Default Qualification Manager",
        help="Manager of new certificates of the company: receives the expiry alerts and the "
        "borrow requests to approve.",
    )

    # === CONSTRAINTS === #
    @api.constrains(
        "qualification_alert_lead_days",
        "qualification_min_remaining_days",
        "qualification_max_borrow_days",
    )
    def _check_qualification_settings(self):
        for company in self:
            try:
                parse_lead_days(company.qualification_alert_lead_days)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "Expiry alert lead times must be whole numbers of days between 1 and "
                        "%(max)s separated by commas, e.g. 90,30,7 (not %(value)s).",
                        max=MAX_SETTING_DAYS,
                        value=company.qualification_alert_lead_days or '""',
                    )
                ) from None
            if not 0 <= company.qualification_min_remaining_days <= MAX_SETTING_DAYS:
                raise ValidationError(
                    self.env._(
                        "The minimum remaining validity must lie between 0 and %(max)s days "
                        "(not %(value)s).",
                        max=MAX_SETTING_DAYS,
                        value=company.qualification_min_remaining_days,
                    )
                )
            if not 0 <= company.qualification_max_borrow_days <= MAX_SETTING_DAYS:
                raise ValidationError(
                    self.env._(
                        "The maximum borrow period must lie between 0 (no limit) and %(max)s "
                        "days (not %(value)s).",
                        max=MAX_SETTING_DAYS,
                        value=company.qualification_max_borrow_days,
                    )
                )

    # === BUSINESS METHODS === #
    def _get_qualification_alert_lead_days(self):
        """Lead times of the company's expiry alerts, largest first."""
        self.ensure_one()
        try:
            # sudo: the alerts follow the company settings, whatever the caller may read of them
            return parse_lead_days(self.sudo().qualification_alert_lead_days)
        except ValueError:
            return parse_lead_days(DEFAULT_ALERT_LEAD_DAYS)
