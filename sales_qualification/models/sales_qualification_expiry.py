import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.sales_governance_base.jobs import job_lock
from odoo.fields import Domain

from .sales_qualification import ACTIVITY_EXPIRY

_logger = logging.getLogger(__name__)


def _notify_text(env, qualification):
    """Group robot alert (sales_governance_base): a certificate reaches an expiry lead time."""
    return env._(
        "%(name)s (%(number)s) expires on %(date)s, in %(days)s days. Custodian: %(custodian)s."
    ), {
        "name": qualification.name,
        "number": qualification.number or "-",
        "date": qualification.expiry_date,
        "days": qualification.days_to_expiry,
        "custodian": qualification.custodian_id.name or "-",
    }


class SalesQualification(models.Model):
    """The expiry of certificates: the daily job that marks them expired and alerts their
    custodians and the group robots ahead of time. The certificate itself is in
    ``sales_qualification.py``, its workflow in ``sales_qualification_workflow.py``."""

    # One concern per file, as Odoo splits mail.thread: not merged with sales_qualification.py.
    _inherit = "sales.qualification"  # pylint: disable=consider-merging-classes-inherited

    # === EXPIRY CRON === #
    @api.model
    def _cron_check_expiry(self):
        """Daily: expire certificates due today, alert custodian and manager at lead times.

        Safe to run twice a day: expiring is a single write over a search of what is still
        valid, and a certificate is alerted again only for a shorter lead time than the one
        stored in ``alert_lead_days``.
        """
        today = fields.Date.context_today(self)
        if not job_lock(self.env, "certificate_expiry"):
            _logger.info("Certificate expiry job already running in another worker: skipped.")
            return
        self._expire_due(today)
        self._alert_expiring(today)

    @api.model
    def _expire_due(self, today):
        due = self.search([("state", "in", ("valid", "suspended")), ("expiry_date", "<=", today)])
        if not due:
            return due
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        due.sudo().write({"state": "expired"})
        _logger.info("Certificates expired on %s: %s", today, due.ids)
        for qualification in due:
            qualification._schedule_expiry_activities(
                lambda env, q=qualification: env._(
                    "%(name)s has expired: renew it or withdraw it from sale", name=q.name
                )
            )
        return due

    @api.model
    def _alert_expiring(self, today):
        """Alert at the lead times of each certificate's company."""
        domain = Domain.FALSE
        companies = self._read_group([("state", "=", "valid")], ["company_id"])
        for (company,) in companies:
            horizon = max(self._get_alert_lead_days(company))
            domain |= Domain("company_id", "=", company.id) & Domain(
                "expiry_date", "<=", today + timedelta(days=horizon)
            )
        candidates = self.search(
            Domain("state", "=", "valid") & Domain("expiry_date", ">", today) & domain
        )
        by_lead = defaultdict(lambda: self.browse())
        for qualification in candidates:
            leads = self._get_alert_lead_days(qualification.company_id)
            days = (qualification.expiry_date - today).days
            lead = min(lead for lead in leads if lead >= days)
            if qualification.alert_lead_days and qualification.alert_lead_days <= lead:
                continue
            by_lead[lead] |= qualification
        for lead, qualifications in by_lead.items():
            for qualification in qualifications:
                qualification._schedule_expiry_activities(
                    lambda env, q=qualification: env._(
                        "%(name)s expires on %(date)s (%(days)s days)",
                        name=q.name,
                        date=q.expiry_date,
                        days=(q.expiry_date - today).days,
                    )
                )
            # sudo: the alert step is a workflow field, closed to client writes
            qualifications.sudo().write({"alert_lead_days": lead})
            _logger.info("Certificates alerted %s days before expiry: %s", lead, qualifications.ids)
            self.env["sales.notify.message"]._enqueue(
                "certificate_expiry", qualifications, _notify_text
            )
        return candidates

    def _schedule_expiry_activities(self, summary):
        """Replace the open expiry activity of the custodian and the manager by a new one."""
        self.ensure_one()
        # sudo: the expiry activities belong to the custodian and the manager
        record = self.sudo()
        record.activity_unlink([ACTIVITY_EXPIRY])
        for user in self.custodian_id | self.manager_id:
            if user.active:
                record.activity_schedule(
                    ACTIVITY_EXPIRY,
                    date_deadline=self.expiry_date,
                    summary=summary(self._lang_env(user)),
                    user_id=user.id,
                )

    def _lang_env(self, user):
        """Environment in the language of ``user``, for texts they will read."""
        return self.with_context(lang=user.lang or self.env.lang).env
