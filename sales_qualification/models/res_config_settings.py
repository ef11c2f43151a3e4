from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sales_qualification import (
    DEFAULT_ALERT_LEAD_DAYS,
    DEFAULT_MAX_BORROW_DAYS,
    DEFAULT_MIN_REMAINING_DAYS,
    GROUP_MANAGER,
    GROUP_USER,
    parse_lead_days,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qualification_alert_lead_days = fields.Char(
        string="Expiry Alert Lead Times",
        config_parameter="sales_qualification.alert_lead_days",
        default=DEFAULT_ALERT_LEAD_DAYS,
        help="Days before expiry at which custodian and manager are alerted, separated by "
        "commas, e.g. 90,30,7.",
    )
    qualification_min_remaining_days = fields.Integer(
        string="Minimum Remaining Validity",
        config_parameter="sales_qualification.min_remaining_days",
        default=DEFAULT_MIN_REMAINING_DAYS,
        help="An order relying on a certificate is confirmed only if the certificate stays "
        "valid for at least this many days (and until the delivery date).",
    )
    qualification_max_borrow_days = fields.Integer(
        string="Maximum Borrow Days",
        config_parameter="sales_qualification.max_borrow_days",
        default=DEFAULT_MAX_BORROW_DAYS,
        help="Longest period a certificate may be borrowed for; 0 for no limit.",
    )
    qualification_manager_id = fields.Many2one(
        "res.users",
        string="Default Qualification Manager",
        config_parameter="sales_qualification.manager_id",
        domain=lambda self: [("group_ids", "in", self.env.ref(GROUP_MANAGER).id)],
    )
    qualification_legal_reviewer_id = fields.Many2one(
        "res.users",
        string="Legal Reviewer",
        config_parameter="sales_qualification.legal_reviewer_id",
        domain=lambda self: [("group_ids", "in", self.env.ref(GROUP_USER).id)],
    )
    qualification_finance_reviewer_id = fields.Many2one(
        "res.users",
        string="Finance Reviewer",
        config_parameter="sales_qualification.finance_reviewer_id",
        domain=lambda self: [("group_ids", "in", self.env.ref(GROUP_USER).id)],
    )
    qualification_technical_reviewer_id = fields.Many2one(
        "res.users",
        string="Technical Reviewer",
        config_parameter="sales_qualification.technical_reviewer_id",
        domain=lambda self: [("group_ids", "in", self.env.ref(GROUP_USER).id)],
    )

    @api.constrains(
        "qualification_alert_lead_days",
        "qualification_min_remaining_days",
        "qualification_max_borrow_days",
    )
    def _check_qualification_settings(self):
        for settings in self:
            try:
                leads = parse_lead_days(settings.qualification_alert_lead_days)
            except ValueError:
                leads = None
            if not leads:
                raise ValidationError(
                    self.env._(
                        "Expiry alert lead times must be positive numbers of days separated "
                        "by commas, e.g. 90,30,7."
                    )
                )
            if settings.qualification_min_remaining_days < 0:
                raise ValidationError(
                    self.env._("The minimum remaining validity cannot be negative.")
                )
            if settings.qualification_max_borrow_days < 0:
                raise ValidationError(self.env._("The maximum borrow days cannot be negative."))
