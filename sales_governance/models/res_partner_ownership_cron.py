import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.sales_governance_base.jobs import job_lock, run_batches
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def _notify_stale_text(env, partner):
    """Group robot alert (sales_governance_base): a customer was not maintained in time."""
    if partner.ownership_state == "pool":
        return env._("%(customer)s was not maintained in time and returned to the public pool."), {
            "customer": partner.name
        }
    return env._(
        "%(customer)s (owner %(owner)s) was not maintained in time: the manager decides."
    ), {"customer": partner.name, "owner": partner.user_id.name or "-"}


class ResPartner(models.Model):
    """The daily ownership job: warn owners before protection ends, then mark
    unmaintained customers stale for the manager's decision or release them to the pool.
    Set-based: one statement per step and company, never a loop over the archive."""

    # One concern per file, as Odoo splits mail.thread: not merged with res_partner.py.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_ownership(self):
        """Warn owners, then mark unmaintained customers stale or release them.

        Set-based: each step is one statement over a batch of the customers concerned, never a
        loop over the whole archive; each batch is committed (a worker's time limit loses or
        repeats nothing). Exactly once on many workers: the job's lock keeps a second run out,
        and each step only picks rows not yet handled, locking them.
        """
        today = fields.Date.context_today(self)
        if not job_lock(self.env, "ownership"):
            _logger.info("Ownership job already running in another worker: skipped.")
            return
        self.env.flush_all()
        # sudo: the scheduled job runs the ownership rules of every company
        for company in self.env["res.company"].sudo().search([("id", "!=", 0)]):
            for step in (self._cron_warn_owners, self._cron_expire_protection):
                if not run_batches(
                    self.env, "ownership", lambda limit, s=step, c=company: s(c, today, limit)
                ):
                    return
        if job_lock(self.env, "ownership"):
            # sudo: the job expires every user's requests
            self.env["sales.customer.access.request"].sudo()._cron_expire()

    @api.model
    def _cron_warn_owners(self, company, today, limit=None):
        """Warn the owners of up to ``limit`` customers whose protection ends soon (once per
        protection period); returns how many."""
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id FROM res_partner p JOIN res_users u ON u.id = p.user_id
                 WHERE p.ownership_state = 'protected' AND p.parent_id IS NULL
                   AND p.protection_end_date BETWEEN %(today)s AND %(until)s
                   AND p.ownership_warned_date IS DISTINCT FROM p.protection_end_date
                   AND COALESCE(p.company_id, u.company_id) = %(company)s
                 ORDER BY p.id LIMIT %(limit)s
                   FOR NO KEY UPDATE OF p SKIP LOCKED
                """,
                today=today,
                until=today + timedelta(days=company.release_warning_days),
                company=company.id,
                limit=limit,
            )
        )
        # sudo: the job warns the owners of every company's customers
        partners = self.sudo().browse(row[0] for row in self.env.cr.fetchall())
        if not partners:
            return 0
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        # sudo: the job schedules activities for the owners
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": todo.id,
                    "user_id": partner.user_id.id,
                    "date_deadline": partner.protection_end_date,
                    "summary": self.env._("Protection ends: maintain this customer"),
                    "note": self.env._(
                        "Log a visit, call or quotation before %s, or the customer goes to "
                        "your manager's decision.",
                        partner.protection_end_date,
                    ),
                }
                for partner in partners
            ]
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET ownership_warned_date = protection_end_date WHERE id IN %s",
                tuple(partners.ids),
            )
        )
        partners.invalidate_recordset(["ownership_warned_date"])
        return len(partners)

    @api.model
    def _cron_expire_protection(self, company, today, limit=None):
        """Up to ``limit`` unmaintained customers (and their contacts) become stale or go to
        the pool, in one change of ownership (``_change_ownership``); returns how many."""
        auto = company.auto_release
        new_state = "pool" if auto else "stale"
        event = "auto_release" if auto else "stale"
        reason = (
            self.env._("Not maintained in time: returned to the public pool")
            if auto
            else self.env._("Not maintained in time: awaiting the manager's decision")
        )
        # The rows another worker is changing are skipped: it handles them (see _cron_ownership).
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.user_id, %(held)s FROM res_partner p
                  LEFT JOIN res_users u ON u.id = p.user_id
                 WHERE p.ownership_state = 'protected' AND p.parent_id IS NULL
                   AND p.protection_end_date < %(today)s
                   AND COALESCE(p.company_id, u.company_id) = %(company)s
                 ORDER BY p.id LIMIT %(limit)s
                   FOR NO KEY UPDATE OF p SKIP LOCKED
                """,
                today=today,
                company=company.id,
                limit=limit,
                held=SQL("(%s)", self._get_ownership_hold_condition(company, today)),
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return 0
        # sudo: ownership columns are written only by _change_ownership
        partners = self.sudo().browse(partner_id for partner_id, _owner, _held in rows)
        held_ids = {partner_id for partner_id, _owner, held in rows if held} if auto else set()
        released = partners.filtered(lambda partner: partner.id not in held_ids)
        held = partners - released
        if released:
            released._change_ownership(
                event, reason, owner=self.env["res.users"] if auto else None, state=new_state
            )
        if held:
            held._change_ownership(
                "stale",
                self.env._("Not maintained in time: awaiting the manager's decision"),
                state="stale",
            )
        stale_rows = [row for row in rows if not auto or row[0] in held_ids]
        owner_ids = {owner_id for _partner_id, owner_id, _held in stale_rows if owner_id}
        if owner_ids:
            self.env["res.users"].browse(owner_ids)._notify_stale_managers()
        self.env["sales.notify.message"]._enqueue("customer_stale", partners, _notify_stale_text)
        return len(partners)

    @api.model
    def _get_ownership_hold_condition(self, company, today):
        """SQL condition on ``p`` (res_partner) of the unmaintained customers the automatic
        release keeps out of the public pool: they wait for the manager's decision (stale)
        instead. Extended by domain addons (e.g. long-overdue receivables); none here."""
        return SQL("FALSE")
