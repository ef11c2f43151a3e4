from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Sources whose per-rep values add up to a team's and the company's (targets use only these).
ADDITIVE_SOURCES = ("sales_amount", "margin", "new_customers", "visits")

# Sources whose figures other addons keep, by the model they read: the glue addons
# (sales_kpi_quality_loop, sales_kpi_expense_budget) implement them; until one is installed its
# source method returns None and the line says where the figure would come from.
PROVIDED_SOURCES = {
    "satisfaction": "sales.revisit",
    "complaint_rate": "sales.complaint",
    "visits": "sales.work.log.line",
    "expense_ratio": "hr.expense",
}


class SalesKpiIndicator(models.Model):
    """What a scorecard line measures, and where the number comes from.

    Every source is one aggregate over the books per period, grouped by user, for all the users
    asked at once: ``_kpi_values(date_from, date_to, user_ids)`` returns ``{user_id: value}``.
    """

    _name = "sales.kpi.indicator"
    _inherit = ["sales.reach.guard.mixin"]
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
    def _kpi_values(self, date_from, date_to, user_ids, cache=None, teams=None):
        """``({user_id: value}, note)`` of this indicator for the users in the period; ``note``
        says why a source reports nothing (its data is not available), else ``False``.

        ``teams`` (``{user_id: team_id}``, a managers' scorecard) makes those users' figures
        their team's: the books of every active member of the team and of its leader, as if
        one salesperson (sales summed, rates over the summed amounts, the team's own target).

        ``cache`` (a dict), shared by the indicators of one computation, lets the sources read
        from the orders (sales, margin, completion, growth, complaint and expense ratios) use
        one aggregate of the orders per period and users instead of one each."""
        self.ensure_one()
        user_ids = sorted(set(user_ids))
        if not user_ids or self.source == "manual":
            return {}, False
        members = self._kpi_members(user_ids, teams or {})
        method = getattr(self, f"_kpi_source_{self.source}")
        cache = {} if cache is None else cache
        values = method(date_from, date_to, members, cache, teams or {})
        if values is None:
            return {}, self.env._(
                "Not measured yet: %(indicator)s is read from %(model)s, which does not provide it "
                "in this installation.",
                indicator=self.name,
                model=PROVIDED_SOURCES.get(self.source, self.source),
            )
        return values, False

    @api.model
    def _kpi_members(self, user_ids, teams):
        """``{user_id: (user ids whose books count)}``: the user alone, or for the users in
        ``teams`` the active members of their team and its leader (``_get_kpi_users``)."""
        members = {user_id: (user_id,) for user_id in user_ids}
        if teams:
            # sudo: a team's members count, whatever the reader may read of the team
            records = self.env["crm.team"].sudo().browse({t for t in teams.values() if t})
            team_users = {team.id: team._get_kpi_users().ids for team in records}
            for user_id, team_id in teams.items():
                if user_id in members:
                    members[user_id] = tuple(sorted({user_id, *team_users.get(team_id, ())}))
        return members

    @api.model
    def _kpi_pairs(self, members):
        """The ``members`` as rows ``m(subject_id, user_id)``, to join and group by subject."""
        pairs = [(subject, user) for subject, users in members.items() for user in users]
        return SQL(
            "unnest(%s::int[], %s::int[]) AS m(subject_id, user_id)",
            [pair[0] for pair in pairs],
            [pair[1] for pair in pairs],
        )

    @api.model
    def _kpi_all_users(self, members):
        """Every user whose books the ``members`` read, once each."""
        return sorted({user for users in members.values() for user in users})

    @api.model
    def _kpi_by_subject(self, per_user, members):
        """Per-user figures of a feed (numbers or tuples of numbers) summed per subject; only
        the subjects with any figure."""
        result = {}
        for subject, users in members.items():
            rows = [per_user[user] for user in users if user in per_user]
            if not rows:
                continue
            if isinstance(rows[0], tuple):
                result[subject] = tuple(sum(column) for column in zip(*rows, strict=True))
            else:
                result[subject] = sum(rows)
        return result

    def _kpi_query(self, query):
        self.env.cr.execute(query)
        return {user_id: float(value or 0.0) for user_id, value in self.env.cr.fetchall()}

    @api.model
    def _kpi_orders(self, date_from, date_to, members, cache):
        """``{subject: (sales, margin, orders, sales a year earlier)}``: the confirmed orders of
        the subjects' users dated in the period and in the same period one year earlier,
        amounts untaxed in company currency (the order's rate, as the sales report does). One
        aggregate, kept in ``cache`` for the other sources of the same period."""
        key = ("orders", date_from, date_to, tuple(sorted(members.items())))
        if key not in cache:
            self.env["sale.order"].flush_model(
                ["state", "date_order", "user_id", "amount_untaxed", "margin", "currency_rate"]
            )
            rate = SQL("COALESCE(NULLIF(o.currency_rate, 0), 1.0)")
            now = SQL("o.date_order >= %s", date_from)
            self.env.cr.execute(
                SQL(
                    """
                    SELECT m.subject_id,
                           SUM(o.amount_untaxed / %(rate)s) FILTER (WHERE %(now)s),
                           SUM(o.margin / %(rate)s) FILTER (WHERE %(now)s),
                           COUNT(*) FILTER (WHERE %(now)s),
                           SUM(o.amount_untaxed / %(rate)s) FILTER (WHERE NOT %(now)s)
                      FROM sale_order o
                      JOIN %(pairs)s ON m.user_id = o.user_id
                     WHERE o.state = 'sale' AND o.user_id = ANY(%(user_ids)s)
                       AND ((o.date_order >= %(date_from)s
                             AND o.date_order < %(date_to)s::date + 1)
                         OR (o.date_order >= %(date_from)s::date - interval '1 year'
                             AND o.date_order < %(date_to)s::date + 1 - interval '1 year'))
                     GROUP BY m.subject_id
                    """,
                    rate=rate,
                    now=now,
                    pairs=self._kpi_pairs(members),
                    user_ids=self._kpi_all_users(members),
                    date_from=date_from,
                    date_to=date_to,
                )
            )
            cache[key] = {
                row[0]: tuple(float(value or 0.0) for value in row[1:])
                for row in self.env.cr.fetchall()
            }
        return cache[key]

    @api.model
    def _kpi_grouped(self, query, date_from, date_to, members):
        """``{subject: value}`` of ``query``, an aggregate over the rows ``m`` of the members
        (``%(pairs)s``) grouped by ``m.subject_id``, of the period."""
        return self._kpi_query(
            SQL(
                query,
                pairs=self._kpi_pairs(members),
                user_ids=self._kpi_all_users(members),
                date_from=date_from,
                date_to=date_to,
            )
        )

    def _kpi_source_sales_amount(self, date_from, date_to, members, cache, teams):
        """Σ untaxed amount of the rep's confirmed orders dated in the period."""
        orders = self._kpi_orders(date_from, date_to, members, cache)
        return {subject: row[0] for subject, row in orders.items() if row[2]}

    def _kpi_source_margin(self, date_from, date_to, members, cache, teams):
        """Σ margin of the same orders."""
        orders = self._kpi_orders(date_from, date_to, members, cache)
        return {subject: row[1] for subject, row in orders.items() if row[2]}

    def _kpi_source_new_customers(self, date_from, date_to, members, cache, teams):
        """Customers whose protection for the rep began in the period: registered, claimed from
        the pool or transferred to them (a team counts each customer once)."""
        self.env["sales.customer.ownership.log"].flush_model()
        return self._kpi_grouped(
            """
            SELECT m.subject_id, COUNT(DISTINCT l.partner_id)
              FROM sales_customer_ownership_log l
              JOIN %(pairs)s ON m.user_id = l.new_user_id
             WHERE l.event IN ('register', 'claim', 'transfer')
               AND l.new_user_id = ANY(%(user_ids)s)
               AND l.create_date >= %(date_from)s AND l.create_date < %(date_to)s::date + 1
             GROUP BY m.subject_id
            """,
            date_from,
            date_to,
            members,
        )

    def _kpi_source_target_completion(self, date_from, date_to, members, cache, teams):
        """Sales ÷ the rep's confirmed sales target (%), or for a team the team's target. A
        target over a longer period that covers this one counts pro rata of its days (a yearly
        target for a monthly scorecard)."""
        self.env["sales.target"].flush_model()
        reps = [subject for subject in members if subject not in teams]
        targets = {}
        for owner, subjects in (("user", reps), ("team", list(teams.values()))):
            if not subjects:
                continue
            found = self._kpi_query(
                SQL(
                    """
                    SELECT DISTINCT ON (t.%(owner)s) t.%(owner)s,
                           t.target_amount * (%(date_to)s::date - %(date_from)s::date + 1)
                           / (t.date_to - t.date_from + 1)
                      FROM sales_target t
                      JOIN sales_kpi_indicator i ON i.id = t.indicator_id
                     WHERE t.state = 'confirmed' AND i.source = 'sales_amount'
                       AND t.%(owner)s = ANY(%(ids)s) AND %(level)s
                       AND t.date_from <= %(date_from)s AND t.date_to >= %(date_to)s
                     ORDER BY t.%(owner)s, t.date_to - t.date_from, t.id DESC
                    """,
                    owner=SQL.identifier(f"{owner}_id"),
                    ids=subjects,
                    level=SQL("TRUE") if owner == "user" else SQL("t.user_id IS NULL"),
                    date_from=date_from,
                    date_to=date_to,
                )
            )
            if owner == "user":
                targets.update(found)
            else:
                targets.update({user: found[team] for user, team in teams.items() if team in found})
        orders = self._kpi_orders(date_from, date_to, members, cache)
        return {
            subject: orders.get(subject, (0.0,))[0] * 100.0 / target
            for subject, target in targets.items()
            if target > 0 and subject in members
        }

    def _kpi_source_collection_rate(self, date_from, date_to, members, cache, teams):
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
        return self._kpi_grouped(
            """
            SELECT m.subject_id,
                   SUM(i.amount_total_signed - i.amount_residual_signed) * 100.0
                   / NULLIF(SUM(i.amount_total_signed), 0)
              FROM account_move i
              JOIN %(pairs)s ON m.user_id = i.invoice_user_id
             WHERE i.move_type = 'out_invoice' AND i.state = 'posted'
               AND i.invoice_user_id = ANY(%(user_ids)s)
               AND i.invoice_date BETWEEN %(date_from)s AND %(date_to)s
             GROUP BY m.subject_id
            """,
            date_from,
            date_to,
            members,
        )

    def _kpi_source_growth_rate(self, date_from, date_to, members, cache, teams):
        """Sales ÷ sales of the same period one year earlier − 1 (%); no sales a year earlier
        gives no figure (0)."""
        orders = self._kpi_orders(date_from, date_to, members, cache)
        return {
            subject: (row[0] / row[3] - 1) * 100.0 for subject, row in orders.items() if row[3] > 0
        }

    def _kpi_feed(self, method, date_from, date_to, members):
        """A feed of another model (``{user_id: figure}`` for a list of users), per subject."""
        return self._kpi_by_subject(
            method(date_from, date_to, self._kpi_all_users(members)), members
        )

    # Provided by other addons (PROVIDED_SOURCES): None here means "not measured".
    def _kpi_source_complaint_rate(self, date_from, date_to, members, cache, teams):
        """Complaints received ÷ confirmed orders (%): sales_kpi_quality_loop."""
        return None

    def _kpi_source_satisfaction(self, date_from, date_to, members, cache, teams):
        """Mean satisfaction (1–5) of the revisits done: sales_kpi_quality_loop."""
        return None

    def _kpi_source_visits(self, date_from, date_to, members, cache, teams):
        """Visit lines of submitted work logs: sales_kpi_quality_loop."""
        return None

    def _kpi_source_expense_ratio(self, date_from, date_to, members, cache, teams):
        """Sales expenses ÷ sales (%): sales_kpi_expense_budget."""
        return None
