from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.sales_governance_base.jobs import job_lock
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

# States in which the response deadline still runs.
OPEN_STATES = ("received", "investigating")


def _notify_overdue_text(env, complaint):
    """Group robot alert (sales_governance_base): a complaint passed its response deadline."""
    severity = dict(complaint._fields["severity"]._description_selection(env))
    return env._(
        "%(complaint)s of %(customer)s (%(severity)s, handled by %(user)s) was due on %(deadline)s."
    ), {
        "complaint": complaint.name,
        "customer": complaint.partner_id.commercial_partner_id.name,
        "severity": severity.get(complaint.severity, ""),
        "user": complaint.responsible_id.name or "-",
        "deadline": fields.Datetime.context_timestamp(
            complaint.with_context(tz=complaint.responsible_id.tz or "Asia/Shanghai"),
            complaint.response_deadline,
        ).strftime("%Y-%m-%d %H:%M"),
    }


class SalesComplaint(models.Model):
    """客户投诉: complaint → root cause → solution → customer feedback → closure (seed 003)."""

    _name = "sales.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "sales.measured.mixin",
        "sales.customer.guard.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "received_date desc, id desc"
    # The owner follows the customer (a computed field): only the customer is guarded.
    _customer_guard_fields = ("partner_id",)
    # A complaint measures its owner: receiving one does not renew their protection.
    _customer_guard_maintains = False

    # === FIELDS === #
    name = fields.Char(
        string="Reference", default=lambda self: self.env._("New"), readonly=True, copy=False
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        # The picker offers the customers the user may work on (a manager: the team's).
        domain=[("is_workable_customer", "=", True)],
    )
    order_id = fields.Many2one("sale.order", string="Sales Order", index="btree_not_null")
    user_id = fields.Many2one(
        "res.users",
        string="Customer Owner",
        compute="_compute_user_id",
        store=True,
        precompute=True,
        index=True,
        # The owner of another rep's customer is not readable for every user.
        compute_sudo=True,
    )
    responsible_id = fields.Many2one(
        "res.users",
        compute="_compute_responsible_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True, index=True
    )
    received_date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        default="medium",
        required=True,
        tracking=True,
    )
    response_deadline = fields.Datetime(
        compute="_compute_response_deadline", store=True, index=True
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    description = fields.Text(required=True)
    root_cause = fields.Text()
    root_cause_category = fields.Selection(
        [
            ("product", "Product Quality"),
            ("delivery", "Delivery"),
            ("installation", "Installation"),
            ("service", "Service Attitude"),
            ("documents", "Documents and Invoices"),
            ("price", "Price and Contract"),
            ("other", "Other"),
        ],
        index=True,
    )
    solution = fields.Text()
    customer_feedback = fields.Text()
    state = fields.Selection(
        [
            ("received", "Received"),
            ("investigating", "Investigating"),
            ("resolved", "Resolved"),
            ("feedback", "Feedback Given"),
            ("closed", "Closed"),
        ],
        default="received",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    action_ids = fields.One2many("sales.improvement.action", "complaint_id", string="Actions")
    action_count = fields.Integer(compute="_compute_action_count")
    revisit_id = fields.Many2one("sales.revisit", readonly=True, copy=False)
    resolved_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)
    escalated_date = fields.Datetime(readonly=True, copy=False)

    # === CONSTRAINTS === #
    @api.constrains("partner_id")
    def _check_partner_is_customer(self):
        self.partner_id._check_is_customer()

    @api.constrains("received_date")
    def _check_received_date(self):
        # A few minutes of clock difference between the browser and the server are tolerated.
        limit = fields.Datetime.now() + timedelta(minutes=10)
        for complaint in self:
            if complaint.received_date > limit:
                raise ValidationError(
                    self.env._("A complaint cannot be received in the future (%s).", complaint.name)
                )

    @api.constrains("order_id", "partner_id")
    def _check_order_customer(self):
        for complaint in self:
            if not complaint.order_id:
                continue
            # sudo: the customers of both, whoever may read the order: those columns only
            order = complaint.order_id.sudo()
            order.fetch(["name", "partner_id"])
            customer = complaint.partner_id._sudo_ownership().commercial_partner_id
            if order.partner_id._sudo_ownership().commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "%(order)s is not an order of %(customer)s.",
                        order=order.name,
                        customer=customer.name,
                    )
                )

    # === COMPUTES === #
    @api.depends("partner_id.commercial_partner_id.user_id", "order_id.user_id")
    def _compute_user_id(self):
        for complaint in self:
            customer = complaint.partner_id.commercial_partner_id
            complaint.user_id = (
                customer.user_id
                or complaint.order_id.user_id
                or complaint.create_uid
                or self.env.user
            )

    @api.depends("user_id")
    def _compute_responsible_id(self):
        for complaint in self:
            if not complaint.responsible_id:
                complaint.responsible_id = complaint.user_id

    @api.depends("received_date", "severity", "company_id")
    def _compute_response_deadline(self):
        for complaint in self:
            company = complaint.company_id or self.env.company
            hours = company[f"complaint_sla_hours_{complaint.severity or 'medium'}"]
            complaint.response_deadline = (
                complaint.received_date + timedelta(hours=hours)
                if complaint.received_date
                else False
            )

    @api.depends("state", "response_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.is_overdue = bool(
                complaint.state in OPEN_STATES
                and complaint.response_deadline
                and complaint.response_deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        overdue = [
            ("state", "in", OPEN_STATES),
            ("response_deadline", "<", fields.Datetime.now()),
        ]
        return overdue if (operator == "=") == value else ["!", "&", *overdue]

    @api.depends("action_ids")
    def _compute_action_count(self):
        for complaint in self:
            complaint.action_count = len(complaint.action_ids)

    def _expand_states(self, states, domain):
        # Every step of the loop is a kanban column, in order, even when empty.
        return [key for key, _label in self._fields["state"].selection]

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "name",
            "user_id",
            "company_id",
            "response_deadline",
            "revisit_id",
            "resolved_date",
            "closed_date",
            "escalated_date",
        }

    def _get_workflow_locked(self):
        return self.filtered(lambda complaint: complaint.state == "closed")

    # The complaint measures its owner and whoever handles it: its clock (received date and
    # severity make the deadline), its customer, its order (the owner when the customer has
    # none) and who handles it are the manager's.
    def _get_measured_users(self):
        return self.user_id | self.responsible_id

    def _get_leader_fields(self):
        return {"received_date", "severity", "partner_id", "order_id", "responsible_id"}

    def _get_leader_create_fields(self):
        # Received now, by default: an earlier time is the manager's to set.
        return {"received_date"}

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        # sudo: sequences are configuration closed to users; the name is a workflow field
        sequence = self.env["ir.sequence"].sudo()
        for complaint in complaints:
            # sudo: the name is a workflow field, closed to client writes (sales.workflow.mixin)
            complaint.sudo().name = sequence.next_by_code("sales.complaint") or complaint.name
        if not self.env.su:
            complaints.filtered("responsible_id")._check_responsible_change()
        return complaints

    # === ACTIONS === #
    def action_investigate(self):
        self._check_transition(("received",), self.env._("investigate"))
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "investigating"})
        return True

    def action_resolve(self):
        """Resolved needs the root cause and the solution."""
        self._check_transition(("received", "investigating"), self.env._("resolve"))
        for complaint in self:
            if not (complaint.root_cause and complaint.solution):
                raise UserError(
                    self.env._(
                        "Write the root cause and the solution of %s before resolving it.",
                        complaint.name,
                    )
                )
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "resolved", "resolved_date": fields.Datetime.now()})
        return True

    def action_feedback(self):
        """The customer said what they think of the solution."""
        self._check_transition(("resolved",), self.env._("record feedback on"))
        for complaint in self:
            if not complaint.customer_feedback:
                raise UserError(
                    self.env._("Write the customer's feedback on %s first.", complaint.name)
                )
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "feedback"})
        return True

    def action_close(self):
        """The manager closes once the last action of each chain (an action, its follow-ups)
        was verified effective: at least one action, none open, none left not effective."""
        self._check_transition(("feedback",), self.env._("close"), leader=True)
        for complaint in self:
            # The closer leads the owner: the record rules let them read every action.
            last = complaint.action_ids.filtered(lambda action: not action.child_ids)
            if not last:
                raise UserError(
                    self.env._(
                        "%s cannot close without a corrective action verified effective.",
                        complaint.name,
                    )
                )
            pending = last.filtered(lambda action: action.state != "verified")
            if pending:
                raise UserError(
                    self.env._(
                        "%(complaint)s cannot close: %(actions)s must first be verified effective.",
                        complaint=complaint.name,
                        actions=format_list(self.env, pending.mapped("name")),
                    )
                )
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "closed", "closed_date": fields.Datetime.now()})
        return True

    def action_reopen(self):
        """The manager reopens a complaint the customer is not done with."""
        self._check_transition(("resolved", "feedback", "closed"), self.env._("reopen"), True)
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write(
            {
                "state": "investigating",
                "resolved_date": False,
                "closed_date": False,
                "escalated_date": False,
            }
        )
        return True

    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_quality_loop.sales_improvement_action_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        return action

    # === BUSINESS METHODS === #
    def _check_leader(self, what):
        """The owner's manager or a director decides."""
        for complaint in self:
            complaint._check_may_act(what)

    def _check_may_act(self, what, doers=None):
        """``doers`` act on the complaint; otherwise the owner's manager or a director."""
        self.ensure_one()
        self.env["res.users"]._check_sales_leader_of(
            self.user_id,
            self.env._(
                "Only the manager of %(user)s or a director may %(what)s %(complaint)s.",
                user=self.user_id.name or "?",
                what=what,
                complaint=self.name,
            ),
            doers=doers,
        )

    def _check_responsible_change(self):
        """A representative may name only themselves; their manager assigns anyone."""
        for complaint in self:
            if complaint.responsible_id not in (complaint.user_id, self.env.user):
                complaint._check_leader(self.env._("assign"))

    def _check_transition(self, states, what, leader=False):
        selection = dict(self._fields["state"]._description_selection(self.env))
        for complaint in self:
            if complaint.state not in states:
                raise UserError(
                    self.env._(
                        "%(complaint)s is %(state)s: you cannot %(what)s it now.",
                        complaint=complaint.name,
                        state=selection[complaint.state],
                        what=what,
                    )
                )
            complaint._check_may_act(
                what, doers=None if leader else complaint.user_id | complaint.responsible_id
            )

    @api.model
    def _cron_escalate_overdue(self):
        """Overdue complaints go to the owner's managers (or the directors): one activity per
        complaint and manager, once until the complaint is reopened. Safe to run twice, and
        at the same moment in two workers (the job's lock keeps the second out)."""
        if not job_lock(self.env, "complaint_overdue"):
            return
        # sudo: the scheduled job escalates every company's overdue complaints
        complaints = self.sudo().search([("is_overdue", "=", True), ("escalated_date", "=", False)])
        if not complaints:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        directors = self.env["res.users"]._get_sales_directors()
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for complaint in complaints:
            managers = complaint.user_id.sales_manager_ids or directors.filtered(
                lambda u, c=complaint: c.company_id in u.company_ids
            )
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": todo.id,
                    "user_id": manager.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._("Overdue complaint: respond now"),
                    "note": self.env._(
                        "%(complaint)s of %(customer)s was due on %(deadline)s.",
                        complaint=complaint.name,
                        customer=complaint.partner_id.name,
                        deadline=complaint.response_deadline,
                    ),
                }
                for manager in managers
                if manager.active
            ]
        # sudo: the job schedules activities for managers, whoever runs it
        self.env["mail.activity"].sudo().create(vals_list)
        complaints.write({"escalated_date": fields.Datetime.now()})
        self.env["sales.notify.message"]._enqueue(
            "complaint_overdue", complaints, _notify_overdue_text
        )
