from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import format_amount

# Aging buckets of the collection pivot, by days overdue (upper bound included).
AGING_BUCKETS = [(0, "not_due"), (30, "1_30"), (60, "31_60"), (90, "61_90")]


def _notify_escalation_text(env, line):
    """Group robot alert (sales_governance_base): a receipt is long overdue."""
    return env._(
        "%(customer)s owes %(amount)s on %(order)s (%(user)s), due %(due)s: %(days)s days overdue."
    ), {
        "customer": line.partner_id.name,
        "amount": format_amount(env, line.amount_residual, line.currency_id),
        "order": line.order_id.name,
        "user": line.user_id.name or "-",
        "due": fields.Date.to_string(line.due_date),
        "days": line.days_overdue,
    }


class SalesCollectionLine(models.Model):
    _name = "sales.collection.line"
    _description = "Expected Receipt"
    _inherit = ["sales.reach.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "due_date, id"

    # === FIELDS === #
    name = fields.Char(string="Receipt", required=True)
    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Journal Item",
        index="btree_not_null",
        ondelete="cascade",
        help="The receivable line of the invoice this receipt is expected on; empty while the "
        "order is not invoiced and the receipt follows its payment term.",
    )
    invoice_id = fields.Many2one(related="move_line_id.move_id", string="Invoice", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="order_id.partner_invoice_id.commercial_partner_id",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", related="order_id.user_id", store=True, index=True
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", related="order_id.team_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", related="order_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one("res.currency", related="order_id.currency_id", store=True)
    due_date = fields.Date(required=True, index=True)
    amount = fields.Monetary(help="Amount expected on the due date.")
    amount_received = fields.Monetary(
        string="Received", compute="_compute_amounts", store=True, aggregator="sum"
    )
    amount_residual = fields.Monetary(
        string="Outstanding", compute="_compute_amounts", store=True, aggregator="sum"
    )
    state = fields.Selection(
        [("open", "Open"), ("paid", "Paid")],
        compute="_compute_amounts",
        store=True,
        index=True,
    )
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_overdue", store=True)
    days_overdue = fields.Integer(
        compute="_compute_overdue",
        store=True,
        aggregator="max",
        help="Days past the due date of an outstanding receipt, as of the last daily run.",
    )
    aging = fields.Selection(
        [
            ("not_due", "Not Due"),
            ("1_30", "1-30 Days"),
            ("31_60", "31-60 Days"),
            ("61_90", "61-90 Days"),
            ("90_plus", "Over 90 Days"),
        ],
        compute="_compute_overdue",
        store=True,
        index=True,
    )
    reminder_stage = fields.Selection(
        [
            ("none", "None"),
            ("before", "Reminded Before Due"),
            ("due", "Reminded When Due"),
            ("escalated", "Escalated"),
        ],
        default="none",
        required=True,
        readonly=True,
        copy=False,
        help="The last reminder the daily job sent: each is sent once.",
    )

    _move_line_unique = models.UniqueIndex(
        "(move_line_id) WHERE move_line_id IS NOT NULL",
        "An invoice instalment is planned once.",
    )

    # === COMPUTES === #
    @api.depends(
        "amount",
        "move_line_id.amount_residual_currency",
        "move_line_id.amount_currency",
        "move_line_id.parent_state",
    )
    def _compute_amounts(self):
        """A receipt planned from the payment term is outstanding in full; one on an invoice
        follows the residual of the invoice's receivable line (payments, credit notes)."""
        for line in self:
            if line.move_line_id:
                residual = line.move_line_id.amount_residual_currency
            else:
                residual = line.amount
            line.amount_residual = residual
            line.amount_received = line.amount - residual
            rounding = line.currency_id or line.env.company.currency_id
            line.state = "paid" if rounding.compare_amounts(residual, 0.0) <= 0 else "open"

    @api.depends("due_date", "state")
    def _compute_overdue(self):
        """Days overdue move with the calendar: the daily job recomputes the open receipts
        past their due date (``_refresh_overdue``)."""
        today = fields.Date.context_today(self)
        for line in self:
            days = (today - line.due_date).days if line.due_date and line.state == "open" else 0
            line.days_overdue = max(days, 0)
            line.is_overdue = days > 0
            line.aging = next(
                (bucket for bound, bucket in AGING_BUCKETS if line.days_overdue <= bound),
                "90_plus",
            )

    # === BUSINESS METHODS === #
    @api.model
    def _refresh_overdue(self):
        """Recompute the overdue figures of every receipt the calendar moved."""
        today = fields.Date.context_today(self)
        lines = self.search(
            Domain("state", "=", "open")
            & (Domain("due_date", "<", today) | Domain("is_overdue", "=", True))
        )
        for field in ("is_overdue", "days_overdue", "aging"):
            self.env.add_to_compute(self._fields[field], lines)
        lines.flush_recordset()

    @api.model
    def _cron_remind(self):
        """Daily: reminders before and on the due date for the salesperson, escalation to
        the sales manager past the escalation days. Set-based (one search a stage and
        company) and idempotent: each stage is sent once (``reminder_stage``), and the
        receipts another worker is handling are skipped (row locks)."""
        self._refresh_overdue()
        today = fields.Date.context_today(self)
        companies = [
            company
            for [company] in self._read_group(Domain("state", "=", "open"), groupby=["company_id"])
        ]
        for company in companies:
            base = Domain("company_id", "=", company.id) & Domain("state", "=", "open")
            escalate_before = today - timedelta(days=company.collection_escalate_days)
            to_escalate = self.search(
                base
                & Domain("reminder_stage", "!=", "escalated")
                & Domain("due_date", "<", escalate_before)
            )
            to_escalate.try_lock_for_update(allow_referencing=True)._escalate()
            due = self.search(
                base
                & Domain("reminder_stage", "in", ["none", "before"])
                & Domain("due_date", "<=", today)
            )
            due.try_lock_for_update(allow_referencing=True)._remind("due")
            remind_from = today + timedelta(days=company.collection_remind_days)
            soon = self.search(
                base & Domain("reminder_stage", "=", "none") & Domain("due_date", "<=", remind_from)
            )
            soon.try_lock_for_update(allow_referencing=True)._remind("before")

    def _remind(self, stage):
        """An activity for the salesperson of each receipt, then mark the stage."""
        activity_type = self.env.ref("sales_collection.mail_activity_type_collection")
        summary = (
            self.env._("Collect the receipt due soon")
            if stage == "before"
            else self.env._("Receipt due: collect it")
        )
        self._schedule_activities(activity_type, summary, lambda line: line.user_id)
        self.reminder_stage = stage

    def _escalate(self):
        """An activity for the leader of the salesperson's team and the group robots."""
        activity_type = self.env.ref("sales_collection.mail_activity_type_collection_escalation")
        self._schedule_activities(
            activity_type,
            self.env._("Long overdue receipt: follow it up with the salesperson"),
            lambda line: line.user_id.sale_team_id.user_id or line.team_id.user_id,
        )
        self.env["sales.notify.message"]._enqueue(
            "collection_overdue", self, _notify_escalation_text
        )
        self.reminder_stage = "escalated"

    def _schedule_activities(self, activity_type, summary, get_user):
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": line.id,
                "activity_type_id": activity_type.id,
                "summary": summary,
                "date_deadline": max(line.due_date, today),
                "user_id": get_user(line).id,
            }
            for line in self
            if get_user(line)
        ]
        # sudo: the job runs as the superuser; the activities belong to the people told
        self.env["mail.activity"].sudo().create(vals_list)
