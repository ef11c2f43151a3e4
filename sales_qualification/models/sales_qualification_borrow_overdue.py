import logging

from odoo import api, fields, models
from odoo.addons.sales_governance_base.jobs import job_lock

from .sales_qualification_borrow import ACTIVITY_OVERDUE

_logger = logging.getLogger(__name__)


def _notify_overdue_text(env, borrow):
    """Group robot alert (sales_governance_base): a borrowed certificate is not back in time."""
    return env._(
        "%(certificate)s borrowed by %(borrower)s was due back on %(date)s (%(days)s days late)."
    ), {
        "certificate": borrow.qualification_id.name,
        "borrower": borrow.borrower_id.name,
        "date": borrow.expected_return_date,
        "days": borrow.overdue_days,
    }


class SalesQualificationBorrow(models.Model):
    """The daily reminder of late returns: the job, the borrower's message and activity, the
    group robot's alert. The borrow record and its buttons are in
    ``sales_qualification_borrow.py``."""

    # One concern per file, as the certificate's workflow: not merged with
    # sales_qualification_borrow.py.
    _inherit = "sales.qualification.borrow"  # pylint: disable=consider-merging-classes-inherited

    # === OVERDUE CRON === #
    @api.model
    def _cron_remind_overdue(self):
        """Daily: remind borrowers of late returns, once a day however often it runs, and once
        however many workers run it at the same moment (the job's lock)."""
        today = fields.Date.context_today(self)
        if not job_lock(self.env, "borrow_overdue"):
            _logger.info("Overdue borrow job already running in another worker: skipped.")
            return self.browse()
        overdue = self.search(
            [
                ("state", "=", "borrowed"),
                ("expected_return_date", "<", today),
                "|",
                ("last_reminder_date", "=", False),
                ("last_reminder_date", "<", today),
            ]
        )
        for borrow in overdue:
            borrow._remind_overdue(today)
        self.env["sales.notify.message"]._enqueue("borrow_overdue", overdue, _notify_overdue_text)
        # sudo: the reminder date is a workflow field, which the mixin lets no client write.
        overdue.sudo().write({"last_reminder_date": today})
        if overdue:
            _logger.info("Overdue borrow records reminded on %s: %s", today, overdue.ids)
        return overdue

    def _remind_overdue(self, today):
        self.ensure_one()
        borrower = self.borrower_id
        env = self.qualification_id._lang_env(borrower)
        days = (today - self.expected_return_date).days
        # sudo: posting needs write access to the borrow record, which its rules give only the
        # borrower and the custodians; the job posts whoever runs it.
        self.sudo().message_post(
            body=env._(
                "%(name)s was due back on %(date)s (%(days)s days late): please return it to "
                "%(custodian)s.",
                name=self.qualification_id.name,
                date=self.expected_return_date,
                days=days,
                custodian=self.custodian_id.name,
            ),
            partner_ids=(borrower.partner_id | self.custodian_id.partner_id).ids,
            subtype_xmlid="mail.mt_comment",
        )
        if not self.activity_search([ACTIVITY_OVERDUE]):
            # sudo: the activity is the borrower's, on a record the job's user may not write.
            self.sudo().activity_schedule(
                ACTIVITY_OVERDUE,
                date_deadline=self.expected_return_date,
                summary=env._("Return %s", self.qualification_id.name),
                user_id=borrower.id,
            )
