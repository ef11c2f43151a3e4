from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Bounds of the collection settings, in days: beyond a year a reminder or an
# escalation no longer helps anybody collect.
MAX_COLLECTION_DAYS = 365


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_overdue_days = fields.Integer(
        default=30,
        help="A customer with an invoice overdue more than this many days is a credit risk: "
        "confirming an order for them needs the finance review. 0: any overdue invoice.",
    )
    collection_remind_days = fields.Integer(
        default=3,
        help="The representative gets an activity this many days before an expected receipt "
        "is due, and another on the due date.",
    )
    collection_escalate_days = fields.Integer(
        default=15,
        help="A receipt overdue more than this many days is escalated to the sales manager "
        "(activity and group robots).",
    )

    @api.constrains("credit_overdue_days", "collection_remind_days", "collection_escalate_days")
    def _check_collection_settings(self):
        for company in self:
            values = (
                company.credit_overdue_days,
                company.collection_remind_days,
                company.collection_escalate_days,
            )
            if any(not 0 <= value <= MAX_COLLECTION_DAYS for value in values):
                raise ValidationError(
                    self.env._(
                        "Collection and credit days lie between 0 and %s.", MAX_COLLECTION_DAYS
                    )
                )
