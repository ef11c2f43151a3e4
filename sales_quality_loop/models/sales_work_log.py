from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.sales_governance_base.jobs import job_lock
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

# Weekdays (Monday = 0) worked when the company has no working-time calendar.
DEFAULT_WORKING_DAYS = frozenset(range(5))


class SalesWorkLog(models.Model):
    """工作日志: what a representative did on one day, reviewed by their manager."""

    _name = "sales.work.log"
    _description = "Work Log"
    _inherit = ["sales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    # === FIELDS === #
    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Representative",
        default=lambda self: self.env.user,
        required=True,
        index=True,
        tracking=True,
    )
    date = fields.Date(default=fields.Date.context_today, required=True, index=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True, index=True
    )
    line_ids = fields.One2many("sales.work.log.line", "log_id", string="Contacts", copy=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("reviewed", "Reviewed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    manager_comment = fields.Text(tracking=True)
    submit_date = fields.Datetime(readonly=True, copy=False)
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True, copy=False)
    review_date = fields.Datetime(readonly=True, copy=False)
    late_reason = fields.Text(
        readonly=True,
        copy=False,
        tracking=True,
        help="Why the manager allowed this log to be written after its day.",
    )
    late_allowed_by_id = fields.Many2one(
        "res.users", string="Late Entry Allowed By", readonly=True, copy=False
    )
    line_count = fields.Integer(string="Contacts Logged", compute="_compute_counts")
    visit_count = fields.Integer(string="Visits", compute="_compute_counts")

    # === CONSTRAINTS === #
    _user_date_uniq = models.Constraint(
        "UNIQUE(user_id, date)",
        "A representative writes one work log a day: open the existing one.",
    )

    @api.constrains("date")
    def _check_date(self):
        for log in self:
            if log.date > fields.Date.context_today(log):
                raise ValidationError(
                    self.env._("A work log tells what was done: %s is still to come.", log.date)
                )

    # === COMPUTES === #
    @api.depends("user_id.name", "date")
    def _compute_name(self):
        for log in self:
            log.name = f"{log.user_id.name or ''} {fields.Date.to_string(log.date) or ''}".strip()

    @api.depends("line_ids.contact_type")
    def _compute_counts(self):
        for log in self:
            log.line_count = len(log.line_ids)
            log.visit_count = len(log.line_ids.filtered(lambda line: line.contact_type == "visit"))

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        # The author is the user who writes it (or the reminder job), on the day itself (or a
        # day the reminder job or the manager opened); the rest is the workflow's.
        return super()._get_workflow_fields() | {
            "user_id",
            "date",
            "company_id",
            "submit_date",
            "reviewer_id",
            "review_date",
            "late_reason",
            "late_allowed_by_id",
        }

    def _get_workflow_locked(self):
        return self.filtered(lambda log: log.state != "draft")

    def _get_workflow_lock_exceptions(self):
        return super()._get_workflow_lock_exceptions() | {"manager_comment"}

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        if self._is_workflow_client():
            if any(vals.get("manager_comment") for vals in vals_list):
                raise AccessError(
                    self.env._("Only the representative's manager comments a work log.")
                )
            today = fields.Date.context_today(self)
            if any(
                vals.get("date") and not self._is_same_value("date", vals["date"], today)
                for vals in vals_list
            ):
                raise AccessError(
                    self.env._(
                        "A work log is written on its day (%s). For an earlier day, ask your "
                        "manager to allow a late entry.",
                        today,
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if "manager_comment" in vals and not self.env.su:
            for log in self:
                if log.manager_comment != (vals["manager_comment"] or False):
                    log._check_leader(self.env._("comment on"))
        return super().write(vals)

    # === ACTIONS === #
    def action_submit(self):
        """Hand the day's log to the manager; each owned customer counts as maintained."""
        for log in self:
            if log.state != "draft":
                raise UserError(self.env._("%s was already submitted.", log.display_name))
            if log.user_id != self.env.user and not self.env.su:
                raise AccessError(
                    self.env._("Only %s submits their own work log.", log.user_id.name)
                )
            if not log.line_ids:
                raise UserError(
                    self.env._("Add at least one customer contact before submitting your log.")
                )
            log.line_ids._check_customers()
        now = fields.Datetime.now()
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "submitted", "submit_date": now})
        for log in self:
            # Through the ownership code: renews protection of the customers the rep owns only.
            log.line_ids.partner_id._touch_maintenance(log.user_id)
        return True

    def action_review(self):
        """The manager has read the log (and may have commented)."""
        for log in self:
            if log.state != "submitted":
                raise UserError(self.env._("Only a submitted work log can be reviewed."))
            log._check_leader(self.env._("review"))
        # sudo: state and reviewer are workflow fields, closed to client writes
        self.sudo().write(
            {"state": "reviewed", "reviewer_id": self.env.uid, "review_date": fields.Datetime.now()}
        )
        return True

    # === BUSINESS METHODS === #
    def _check_leader(self, what):
        """The representative's manager or a director acts; nobody on their own log."""
        self.ensure_one()
        self.env["res.users"]._check_sales_leader_of(
            self.user_id,
            self.env._(
                "Only the manager of %(user)s or a director may %(what)s this work log.",
                user=self.user_id.name,
                what=what,
            ),
            excluded=self.user_id,
        )

    @api.model
    def _allow_late_entry(self, user, day, reason):
        """A leader of ``user`` lets them write the log of ``day`` after the day, with a
        reason: a day from the previous working day to yesterday. The log is opened (or the
        reminder's draft kept) with the reason, and ``user`` gets an activity to fill it."""
        Users = self.env["res.users"]
        Users._check_sales_leader_of(
            user,
            self.env._(
                "Only the manager of %s or a director may allow a late work log.", user.name
            ),
            excluded=user,
        )
        self._check_client_values({"late_reason": reason, "date": day})
        company = user.company_id
        today = fields.Date.context_today(self)
        earliest = self._previous_working_day(company, today)
        day = fields.Date.to_date(day)
        if not earliest <= day < today:
            raise UserError(
                self.env._(
                    "A late work log may be allowed from %(earliest)s to yesterday, not for "
                    "%(day)s.",
                    earliest=earliest,
                    day=day,
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the work log is written late."))
        log = self.search([("user_id", "=", user.id), ("date", "=", day)])
        if log.state not in (False, "draft"):
            raise UserError(self.env._("%s was already submitted.", log.display_name))
        vals = {"late_reason": reason, "late_allowed_by_id": self.env.uid}
        # As the manager, whose record rules cover the logs of the people they lead.
        with self._workflow_writing():
            if log:
                log.write(vals)
            else:
                log = self.create(
                    {**vals, "user_id": user.id, "date": day, "company_id": company.id}
                )
        log.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=today,
            user_id=user.id,
            summary=self.env._("Write your work log of %s", day),
        )
        return log

    @api.model
    def _previous_working_day(self, company, today):
        """The last working day before ``today`` by the company's working-time calendar."""
        calendar = company.resource_calendar_id
        weekdays = {int(day) for day in calendar.attendance_ids.mapped("dayofweek")} or set(
            DEFAULT_WORKING_DAYS
        )
        day = today - timedelta(days=1)
        for _attempt in range(7):
            if day.weekday() in weekdays:
                return day
            day -= timedelta(days=1)
        return today - timedelta(days=1)

    @api.model
    def _get_log_writers_query(self, company, day):
        """Representatives (team members) of ``company`` without a log for ``day``."""
        return SQL(
            """
            SELECT DISTINCT u.id FROM res_users u
              JOIN crm_team_member m ON m.user_id = u.id AND m.active
              JOIN res_groups_users_rel g ON g.uid = u.id AND g.gid IN %(groups)s
             WHERE u.active AND u.company_id = %(company)s
               AND NOT EXISTS (
                   SELECT 1 FROM sales_work_log l WHERE l.user_id = u.id AND l.date = %(day)s)
            """,
            groups=tuple(self.env.ref("sales_governance.group_sales_rep").all_implied_by_ids.ids),
            company=company.id,
            day=day,
        )

    @api.model
    def _cron_remind_missing_logs(self):
        """Each representative without a log for the previous working day gets a draft log for
        that day with an activity to fill it. Set-based, and once: the draft log is the proof
        that they were reminded (one log per rep per day), so a second run finds nobody; a
        second run at the same moment does not get the job's lock and does nothing."""
        if not job_lock(self.env, "missing_work_logs"):
            return
        today = fields.Date.context_today(self)
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.env.flush_all()
        # sudo: the scheduled job reminds the users of every company
        for company in self.env["res.company"].sudo().search([("id", "!=", 0)]):
            day = self._previous_working_day(company, today)
            self.env.cr.execute(self._get_log_writers_query(company, day))
            user_ids = [row[0] for row in self.env.cr.fetchall()]
            if not user_ids:
                continue
            # sudo: the job writes the missing logs of other users
            logs = self.sudo().create(
                [{"user_id": uid, "date": day, "company_id": company.id} for uid in user_ids]
            )
            model_id = self.env["ir.model"]._get_id(self._name)
            # sudo: the job schedules reminders for other users
            self.env["mail.activity"].sudo().create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": log.id,
                        "activity_type_id": todo.id,
                        "user_id": log.user_id.id,
                        "date_deadline": today,
                        "summary": self.env._("Write your work log of %s", log.date),
                    }
                    for log in logs
                ]
            )
