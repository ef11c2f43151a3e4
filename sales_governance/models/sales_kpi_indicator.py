from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Sources whose per-rep values add up to a team's and the company's (targets use only these).
ADDITIVE_SOURCES = ("sales_amount", "margin", "new_customers", "visits")

# Sources read from models other parts of the product provide: (model, method).
EXTERNAL_SOURCES = {
    "satisfaction": ("sales.revisit", "_kpi_satisfaction"),
    "complaint_rate": ("sales.complaint", "_kpi_complaint_count"),
    "visits": ("sales.work.log.line", "_kpi_visit_count"),
    "expense_ratio": ("hr.expense", "_kpi_expense_amount"),
}


class SalesKpiIndicator(models.Model):
    """What a scorecard line measures, and where the number comes from.

    Every source is one aggregate over the books per period, grouped by user, for all the users
    asked at once: ``_kpi_values(date_from, date_to, user_ids)`` returns ``{user_id: value}``.
    """

    _name = "sales.kpi.indicator"
    _description = "KPI Indicator"
    _order = "sequence, id"

    # === FIELDS === #
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    source = fields.Selection(
        [
            ("sales_amount", "Sales Amount"),
            ("margin", "Margin"),
            ("new_customers", "New Customers"),
            ("target_completion", "Target Completion"),
            ("collection_rate", "Collection Rate"),
            ("satisfaction", "Customer Satisfaction"),
            ("complaint_rate", "Complaint Rate"),
            ("expense_ratio", "Expense Ratio"),
            ("growth_rate", "Growth Rate"),
            ("visits", "Customer Visits"),
            ("manual", "Manual Score"),
        ],
        required=True,
        default="manual",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
    )
    unit = fields.Char(translate=True, help="Shown next to the values, e.g. CNY, %, customers.")
    description = fields.Text(translate=True)

    _code_unique = models.UniqueIndex(
        "(code)", "Each indicator code is used once: another indicator already has this code."
    )

    # === CRUD === #
    # The unique index is the guarantee; this says it in words before the index refuses.
    @api.model_create_multi
    def create(self, vals_list):
        self._check_code_free([vals.get("code") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            self._check_code_free([vals["code"]] * len(self))
        return super().write(vals)

    def _check_code_free(self, codes):
        codes = [code for code in codes if code]
        taken = self.with_context(active_test=False).search(
            [("code", "in", codes), ("id", "not in", self.ids)]
        )
        duplicate = set(taken.mapped("code")) or {c for c in codes if codes.count(c) > 1}
        if duplicate:
            raise ValidationError(
                self.env._(
                    "Each indicator code is used once: %s is already taken.",
                    ", ".join(sorted(duplicate)),
                )
            )

    # === SOURCES === #
    def _kpi_values(self, date_from, date_to, user_ids, cache=None):
        """``({user_id: value}, note)`` of this indicator for the users in the period; ``note``
        says why a source reports nothing (its data is not available), else ``False``.

        ``cache`` (a dict), shared by the indicators of one computation, lets the sources read
        from the orders (sales, margin, completion, growth, complaint and expense ratios) use
        one aggregate of the orders per period and users instead of one each."""
        self.ensure_one()
        user_ids = sorted(set(user_ids))
        if not user_ids or self.source == "manual":
            return {}, False
        external = EXTERNAL_SOURCES.get(self.source)
        # hr.expense is always there; its KPI method comes with the budgets.
        if external and (
            external[0] not in self.env or not hasattr(self.env[external[0]], external[1])
        ):
            return {}, self.env._(
                "Not measured yet: %(indicator)s is read from %(model)s, which does not provide it "
                "in this installation.",
                indicator=self.name,
                model=external[0],
            )
        method = getattr(self, f"_kpi_source_{self.source}")
        return method(date_from, date_to, user_ids, {} if cache is None else cache), False

    def _kpi_query(self, query):
        self.env.cr.execute(query)
        return {user_id: float(value or 0.0) for user_id, value in self.env.cr.fetchall()}

    @api.model
    def _kpi_orders(self, date_from, date_to, user_ids, cache):
        """``{user_id: (sales, margin, orders, sales a year earlier)}``: the users' confirmed
        orders dated in the period and in the same period one year earlier, amounts untaxed in
        company currency (the order's rate, as the sales report does). One aggregate, kept in
        ``cache`` for the other sources of the same period."""
        key = ("orders", date_from, date_to, tuple(user_ids))
        if key not in cache:
            self.env["sale.order"].flush_model(
                ["state", "date_order", "user_id", "amount_untaxed", "margin", "currency_rate"]
            )
            rate = SQL("COALESCE(NULLIF(o.currency_rate, 0), 1.0)")
            now = SQL("o.date_order >= %s", date_from)
            self.env.cr.execute(
                SQL(
                    """
                    SELECT o.user_id,
                           SUM(o.amount_untaxed / %(rate)s) FILTER (WHERE %(now)s),
                           SUM(o.margin / %(rate)s) FILTER (WHERE %(now)s),
                           COUNT(*) FILTER (WHERE %(now)s),
                           SUM(o.amount_untaxed / %(rate)s) FILTER (WHERE NOT %(now)s)
                      FROM sale_order o
                     WHERE o.state = 'sale' AND o.user_id = ANY(%(user_ids)s)
                       AND ((o.date_order >= %(date_from)s
                             AND o.date_order < %(date_to)s::date + 1)
                         OR (o.date_order >= %(date_from)s::date - interval '1 year'
                             AND o.date_order < %(date_to)s::date + 1 - interval '1 year'))
                     GROUP BY o.user_id
                    """,
                    rate=rate,
                    now=now,
                    user_ids=list(user_ids),
                    date_from=date_from,
                    date_to=date_to,
                )
            )
            cache[key] = {
                row[0]: tuple(float(value or 0.0) for value in row[1:])
                for row in self.env.cr.fetchall()
            }
        return cache[key]

    def _kpi_source_sales_amount(self, date_from, date_to, user_ids, cache):
        """Σ untaxed amount of the rep's confirmed orders dated in the period."""
        orders = self._kpi_orders(date_from, date_to, user_ids, cache)
        return {user_id: row[0] for user_id, row in orders.items() if row[2]}

    def _kpi_source_margin(self, date_from, date_to, user_ids, cache):
        """Σ margin of the same orders."""
        orders = self._kpi_orders(date_from, date_to, user_ids, cache)
        return {user_id: row[1] for user_id, row in orders.items() if row[2]}

    def _kpi_source_new_customers(self, date_from, date_to, user_ids, cache):
        """Customers whose protection for the rep began in the period: registered, claimed from
        the pool or transferred to them."""
        self.env["sales.customer.ownership.log"].flush_model()
        return self._kpi_query(
            SQL(
                """
                SELECT l.new_user_id, COUNT(DISTINCT l.partner_id)
                  FROM sales_customer_ownership_log l
                 WHERE l.event IN ('register', 'claim', 'transfer')
                   AND l.new_user_id = ANY(%(user_ids)s)
                   AND l.create_date >= %(date_from)s AND l.create_date < %(date_to)s::date + 1
                 GROUP BY l.new_user_id
                """,
                user_ids=user_ids,
                date_from=date_from,
                date_to=date_to,
            )
        )

    def _kpi_source_target_completion(self, date_from, date_to, user_ids, cache):
        """Sales ÷ the rep's confirmed sales target (%). A target over a longer period that
        covers this one counts pro rata of its days (a yearly target for a monthly scorecard)."""
        self.env["sales.target"].flush_model()
        targets = self._kpi_query(
            SQL(
                """
                SELECT DISTINCT ON (t.user_id) t.user_id,
                       t.target_amount * (%(date_to)s::date - %(date_from)s::date + 1)
                       / (t.date_to - t.date_from + 1)
                  FROM sales_target t
                  JOIN sales_kpi_indicator i ON i.id = t.indicator_id
                 WHERE t.state = 'confirmed' AND i.source = 'sales_amount'
                   AND t.user_id = ANY(%(user_ids)s)
                   AND t.date_from <= %(date_from)s AND t.date_to >= %(date_to)s
                 ORDER BY t.user_id, t.date_to - t.date_from, t.id DESC
                """,
                user_ids=user_ids,
                date_from=date_from,
                date_to=date_to,
            )
        )
        orders = self._kpi_orders(date_from, date_to, user_ids, cache)
        return {
            user_id: orders.get(user_id, (0.0,))[0] * 100.0 / target
            for user_id, target in targets.items()
            if target > 0
        }

    def _kpi_source_collection_rate(self, date_from, date_to, user_ids, cache):
        """Paid ÷ invoiced (%) on the rep's posted customer invoices dated in the period."""
        self.env["account.move"].flush_model(
            [
                "move_type",
                "state",
                "invoice_user_id",
                "invoice_date",
                "amount_total_signed",
                "amount_residual_signed",
            ]
        )
        return self._kpi_query(
            SQL(
                """
                SELECT m.invoice_user_id,
                       SUM(m.amount_total_signed - m.amount_residual_signed) * 100.0
                       / NULLIF(SUM(m.amount_total_signed), 0)
                  FROM account_move m
                 WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                   AND m.invoice_user_id = ANY(%(user_ids)s)
                   AND m.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                 GROUP BY m.invoice_user_id
                """,
                user_ids=user_ids,
                date_from=date_from,
                date_to=date_to,
            )
        )

    def _kpi_source_growth_rate(self, date_from, date_to, user_ids, cache):
        """Sales ÷ sales of the same period one year earlier − 1 (%); no sales a year earlier
        gives no figure (0)."""
        orders = self._kpi_orders(date_from, date_to, user_ids, cache)
        return {
            user_id: (row[0] / row[3] - 1) * 100.0 for user_id, row in orders.items() if row[3] > 0
        }

    def _kpi_source_complaint_rate(self, date_from, date_to, user_ids, cache):
        """Complaints received ÷ confirmed orders (%), both in the period. Complaints without
        any order in the period count against one order."""
        complaints = self.env["sales.complaint"]._kpi_complaint_count(date_from, date_to, user_ids)
        orders = self._kpi_orders(date_from, date_to, user_ids, cache)
        return {
            user_id: count * 100.0 / max(orders.get(user_id, (0.0, 0.0, 0.0))[2], 1.0)
            for user_id, count in complaints.items()
            if count
        }

    def _kpi_source_satisfaction(self, date_from, date_to, user_ids, cache):
        """Mean satisfaction (1–5) of the revisits the rep did in the period."""
        return self.env["sales.revisit"]._kpi_satisfaction(date_from, date_to, user_ids)

    def _kpi_source_visits(self, date_from, date_to, user_ids, cache):
        """Visit lines of the rep's submitted or reviewed work logs dated in the period."""
        return self.env["sales.work.log.line"]._kpi_visit_count(date_from, date_to, user_ids)

    def _kpi_source_expense_ratio(self, date_from, date_to, user_ids, cache):
        """Committed + actual sales expenses ÷ sales, in % like the indicator's unit and its
        targets (the budget feed's own ratio is a fraction, so the amounts are read here).
        Expenses without any sale count against one unit of sales: far above any target."""
        expenses = self.env["hr.expense"]._kpi_expense_amount(date_from, date_to, user_ids)
        orders = self._kpi_orders(date_from, date_to, user_ids, cache)
        return {
            user_id: amount * 100.0 / max(orders.get(user_id, (0.0,))[0], 1.0)
            for user_id, amount in expenses.items()
            if amount
        }
