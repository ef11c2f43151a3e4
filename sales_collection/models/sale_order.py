from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import format_amount


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === FIELDS === #
    collection_line_ids = fields.One2many(
        "sales.collection.line", "order_id", string="Collection Plan", readonly=True
    )
    # Credit figures of the customer when the quotation was last checked (sent for
    # validation, sent or confirmed). Stored so that the review shows what finance
    # approved; computed as superuser: representatives read neither journal items nor
    # the risk of customers through accounting rights.
    has_credit_risk = fields.Boolean(
        string="Credit Risk",
        compute="_compute_credit_risk",
        store=True,
        compute_sudo=True,
        help="The customer would exceed their credit limit with this order, or has invoices "
        "overdue longer than the company allows: finance reviews the order.",
    )
    credit_currency_id = fields.Many2one(
        "res.currency", compute="_compute_credit_risk", store=True, compute_sudo=True
    )
    credit_exposure = fields.Monetary(
        compute="_compute_credit_risk",
        store=True,
        compute_sudo=True,
        currency_field="credit_currency_id",
        help="The customer's risk (OCA financial risk) with this quotation added.",
    )
    credit_limit_amount = fields.Monetary(
        string="Credit Limit",
        compute="_compute_credit_risk",
        store=True,
        compute_sudo=True,
        currency_field="credit_currency_id",
    )
    credit_over_limit = fields.Boolean(
        compute="_compute_credit_risk", store=True, compute_sudo=True
    )
    credit_overdue_amount = fields.Monetary(
        string="Overdue Receivables",
        compute="_compute_credit_risk",
        store=True,
        compute_sudo=True,
        currency_field="credit_currency_id",
        help="Receivables of the customer overdue longer than the company allows.",
    )
    credit_overdue_days = fields.Integer(
        string="Days Overdue",
        compute="_compute_credit_risk",
        store=True,
        compute_sudo=True,
        help="Days the customer's oldest outstanding invoice is overdue.",
    )

    # === COMPUTES === #
    @api.depends("partner_invoice_id", "partner_id", "amount_total", "currency_id", "company_id")
    def _compute_credit_risk(self):
        """Quotations only: a confirmed or cancelled order keeps the figures its reviewers
        saw (the stored values stay, as with stock ``_compute_user_id``)."""
        for order in self.filtered(lambda o: o.state in ("draft", "sent", False)):
            figures = order._get_credit_risk_figures()
            order.credit_currency_id = figures["currency"]
            order.credit_exposure = figures["exposure"]
            order.credit_limit_amount = figures["limit"]
            order.credit_over_limit = figures["over_limit"]
            order.credit_overdue_amount = figures["overdue_amount"]
            order.credit_overdue_days = figures["overdue_days"]
            order.has_credit_risk = figures["over_limit"] or bool(figures["overdue_amount"])

    @api.depends("has_credit_risk")
    def _compute_special_contract(self):
        return super()._compute_special_contract()

    @api.depends("has_credit_risk")
    def _compute_special_reasons(self):
        return super()._compute_special_reasons()

    # === ACTIONS === #
    def action_confirm(self):
        # Credit risk above the limit makes the order special, and finance reviews it
        # (sales_contract_review refuses the confirmation until then): OCA's "risk
        # exceeded" dialog, which anybody could click through, is never the gate.
        return super(SaleOrder, self.with_context(bypass_risk=True)).action_confirm()

    def _action_confirm(self):
        res = super()._action_confirm()
        self._sync_collection_lines()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self._sync_collection_lines()
        return res

    # === BUSINESS METHODS === #
    def _refresh_special_contract(self):
        """Re-read the customer's credit too, for quotations only: a confirmed order keeps
        the figures its reviewers saw."""
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        self.env.add_to_compute(self._fields["has_credit_risk"], quotations)
        return super()._refresh_special_contract()

    def _get_credit_risk_figures(self):
        """The customer's credit as OCA's financial risk computes it, with this quotation's
        amount added, and their receivables overdue longer than the company allows."""
        self.ensure_one()
        company = self.company_id or self.env.company
        partner = self.partner_invoice_id.commercial_partner_id.with_company(company)
        currency = partner.risk_currency_id or company.currency_id
        figures = {
            "currency": currency,
            "exposure": 0.0,
            "limit": 0.0,
            "over_limit": False,
            "overdue_amount": 0.0,
            "overdue_days": 0,
        }
        if not partner:
            return figures
        own = self.currency_id._convert(
            self.amount_total,
            currency,
            company,
            fields.Date.to_date(self.date_order) or fields.Date.context_today(self),
            round=False,
        )
        limit = partner.credit_limit
        figures["limit"] = limit
        figures["exposure"] = partner.risk_total + own
        figures["over_limit"] = bool(
            partner.risk_exception
            or (limit and currency.compare_amounts(figures["exposure"], limit) > 0)
            or (
                partner.risk_sale_order_limit
                and currency.compare_amounts(
                    partner.risk_sale_order + own, partner.risk_sale_order_limit
                )
                > 0
            )
        )
        overdue = self._get_credit_overdue(partner, company)
        figures.update(overdue)
        return figures

    @api.model
    def _get_credit_overdue_domain(self, partner, company):
        """Open receivables of ``partner`` due longer ago than the company allows."""
        limit_date = fields.Date.context_today(self) - timedelta(days=company.credit_overdue_days)
        return Domain(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
                ("date_maturity", "<", limit_date),
            ]
        )

    @api.model
    def _get_credit_overdue(self, partner, company):
        [(amount, oldest)] = (
            # sudo: the customer's overdue receivables count, whatever the user may read
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                self._get_credit_overdue_domain(partner, company),
                aggregates=["amount_residual:sum", "date_maturity:min"],
            )
        )
        if not oldest:
            return {"overdue_amount": 0.0, "overdue_days": 0}
        amount = company.currency_id._convert(
            amount,
            partner.risk_currency_id or company.currency_id,
            company,
            fields.Date.context_today(self),
            round=False,
        )
        days = (fields.Date.context_today(self) - oldest).days
        return {"overdue_amount": amount, "overdue_days": days}

    def _get_special_contract_findings(self):
        findings = super()._get_special_contract_findings()
        findings["credit_risk"] = self.has_credit_risk
        customer = self.partner_invoice_id.commercial_partner_id.display_name
        currency = self.credit_currency_id
        if self.credit_over_limit:
            findings["reasons"].append(
                self.env._(
                    "Credit risk: %(customer)s would owe %(exposure)s with this order, over "
                    "the credit limit of %(limit)s",
                    customer=customer,
                    exposure=format_amount(self.env, self.credit_exposure, currency),
                    limit=format_amount(self.env, self.credit_limit_amount, currency),
                )
            )
        if self.credit_overdue_amount:
            company = self.company_id or self.env.company
            findings["reasons"].append(
                self.env._(
                    "Credit risk: %(customer)s has %(amount)s overdue, the oldest invoice "
                    "%(days)s days, more than the %(allowed)s days allowed",
                    customer=customer,
                    amount=format_amount(self.env, self.credit_overdue_amount, currency),
                    days=self.credit_overdue_days,
                    allowed=company.credit_overdue_days,
                )
            )
        return findings

    def _get_collection_move_lines(self):
        """The receivable lines of the order's posted invoices."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        )
        return invoices.line_ids.filtered(lambda ml: ml.account_type == "asset_receivable")

    def _prepare_collection_term_vals(self, amount):
        """Expected receipts of ``amount`` by the order's payment term, counted from the
        order date (one receipt on the order date without a term)."""
        self.ensure_one()
        date_ref = fields.Date.to_date(self.date_order) or fields.Date.context_today(self)
        if self.payment_term_id:
            terms = self.payment_term_id._compute_terms(
                date_ref, self.currency_id, self.company_id, 0.0, 0.0, 1.0, amount, amount
            )["line_ids"]
            instalments = [(term["date"], term["foreign_amount"]) for term in terms]
        else:
            instalments = [(date_ref, amount)]
        return [
            {
                "name": self.env._(
                    "%(order)s instalment %(index)s/%(count)s",
                    order=self.name,
                    index=index,
                    count=len(instalments),
                ),
                "order_id": self.id,
                "due_date": due_date,
                "amount": value,
            }
            for index, (due_date, value) in enumerate(instalments, start=1)
        ]

    def _sync_collection_lines(self):
        """Plan the expected receipts of confirmed orders: the receivable lines of their
        posted invoices, and the part not invoiced yet by the payment term. Idempotent:
        receipts that still hold are kept (with their reminders)."""
        # sudo: the plan is the system's: users read it, nobody writes it by hand
        Line = self.env["sales.collection.line"].sudo()
        vals_list = []
        # sudo: the plan follows every order's invoices, whatever the user may read of them
        for order in self.sudo():
            existing = order.collection_line_ids
            if order.state != "sale":
                existing.unlink()
                continue
            receivables = order._get_collection_move_lines()
            keep = existing.filtered(lambda line, r=receivables: line.move_line_id in r)
            vals_list += [
                {
                    "name": move_line.move_id.name,
                    "order_id": order.id,
                    "move_line_id": move_line.id,
                    "due_date": move_line.date_maturity or move_line.date,
                    "amount": move_line.amount_currency,
                }
                for move_line in receivables - keep.move_line_id
            ]
            remainder = order.amount_total - sum(receivables.mapped("amount_currency"))
            planned = []
            if order.currency_id.compare_amounts(remainder, 0.0) > 0:
                planned = order._prepare_collection_term_vals(remainder)
            term_lines = existing.filtered(lambda line: not line.move_line_id)
            for vals in planned:
                same = term_lines.filtered(
                    lambda line, v=vals, c=order.currency_id: line.due_date == v["due_date"]
                    and not c.compare_amounts(line.amount, v["amount"])
                )[:1]
                if same:
                    keep |= same
                    term_lines -= same
                else:
                    vals_list.append(vals)
            (existing - keep).unlink()
        return Line.create(vals_list)
