from odoo import fields, models


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    def _get_longest_term_days(self, date_ref=None):
        """Days from ``date_ref`` to the due date of the last instalment."""
        self.ensure_one()
        date_ref = date_ref or fields.Date.context_today(self)
        due_dates = [line._get_due_date(date_ref) for line in self.line_ids]
        return max(((due - date_ref).days for due in due_dates), default=0)
