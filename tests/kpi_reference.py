"""The KPI numbers as one hand-written SQL statement, written apart from the
models' sources: the test compares the generated scorecards with it on a crafted data set, the
benchmark times generation against it on 1,000 scorecards."""

REFERENCE_SQL = """
WITH reps AS (SELECT unnest(%(user_ids)s::int[]) AS user_id),
orders AS (
    SELECT user_id,
           SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1))
               FILTER (WHERE date_order >= %(date_from)s) AS sales,
           SUM(margin / COALESCE(NULLIF(currency_rate, 0), 1))
               FILTER (WHERE date_order >= %(date_from)s) AS margin,
           COUNT(*) FILTER (WHERE date_order >= %(date_from)s) AS orders,
           SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1))
               FILTER (WHERE date_order < %(date_from)s) AS sales_before
      FROM sale_order
     WHERE state = 'sale' AND user_id = ANY(%(user_ids)s)
       AND (date_order BETWEEN %(date_from)s AND %(date_to)s::date + interval '1 day' - interval '1 microsecond'
            OR date_order BETWEEN %(date_from)s::date - interval '1 year'
                              AND %(date_to)s::date - interval '1 year' + interval '1 day'
                                  - interval '1 microsecond')
     GROUP BY user_id
),
won AS (
    SELECT new_user_id AS user_id, COUNT(DISTINCT partner_id) AS customers
      FROM sales_customer_ownership_log
     WHERE event IN ('register', 'claim', 'transfer') AND new_user_id = ANY(%(user_ids)s)
       AND create_date::date BETWEEN %(date_from)s AND %(date_to)s
     GROUP BY new_user_id
),
invoices AS (
    SELECT invoice_user_id AS user_id,
           100.0 * SUM(amount_total_signed - amount_residual_signed)
               / NULLIF(SUM(amount_total_signed), 0) AS rate
      FROM account_move
     WHERE move_type = 'out_invoice' AND state = 'posted'
       AND invoice_user_id = ANY(%(user_ids)s)
       AND invoice_date BETWEEN %(date_from)s AND %(date_to)s
     GROUP BY invoice_user_id
),
revisits AS (
    SELECT user_id, AVG(satisfaction) AS satisfaction
      FROM sales_revisit
     WHERE state = 'done' AND satisfaction > 0 AND user_id = ANY(%(user_ids)s)
       AND done_date BETWEEN %(date_from)s AND %(date_to)s
     GROUP BY user_id
),
complaints AS (
    SELECT user_id, COUNT(*) AS complaints
      FROM sales_complaint
     WHERE user_id = ANY(%(user_ids)s)
       AND received_date::date BETWEEN %(date_from)s AND %(date_to)s
     GROUP BY user_id
),
visits AS (
    SELECT user_id, COUNT(*) AS visits
      FROM sales_work_log_line
     WHERE contact_type = 'visit' AND log_state IN ('submitted', 'reviewed')
       AND user_id = ANY(%(user_ids)s) AND date BETWEEN %(date_from)s AND %(date_to)s
     GROUP BY user_id
),
expenses AS (
    SELECT employee.user_id, SUM(expense.total_amount) AS amount
      FROM hr_expense expense
      JOIN hr_employee employee ON employee.id = expense.employee_id
      JOIN product_product product ON product.id = expense.product_id
     WHERE product.sales_expense_category_id IS NOT NULL
       AND expense.state IN ('submitted', 'approved', 'posted', 'in_payment', 'paid')
       AND employee.user_id = ANY(%(user_ids)s)
       AND expense.date BETWEEN %(date_from)s AND %(date_to)s
     GROUP BY employee.user_id
),
targets AS (
    SELECT DISTINCT ON (t.user_id) t.user_id,
           t.target_amount * (%(date_to)s::date - %(date_from)s::date + 1)
               / (t.date_to - t.date_from + 1) AS amount
      FROM sales_target t
      JOIN sales_kpi_indicator i ON i.id = t.indicator_id AND i.source = 'sales_amount'
     WHERE t.state = 'confirmed' AND t.user_id = ANY(%(user_ids)s)
       AND t.date_from <= %(date_from)s AND t.date_to >= %(date_to)s
     ORDER BY t.user_id, t.date_to - t.date_from, t.id DESC
)
SELECT reps.user_id,
       COALESCE(orders.sales, 0),
       COALESCE(orders.margin, 0),
       COALESCE(won.customers, 0),
       COALESCE(100.0 * COALESCE(orders.sales, 0) / NULLIF(targets.amount, 0), 0),
       COALESCE(invoices.rate, 0),
       COALESCE(100.0 * (COALESCE(orders.sales, 0) / NULLIF(orders.sales_before, 0) - 1), 0),
       COALESCE(revisits.satisfaction, 0),
       COALESCE(100.0 * complaints.complaints / GREATEST(COALESCE(orders.orders, 0), 1), 0),
       COALESCE(100.0 * expenses.amount / GREATEST(COALESCE(orders.sales, 0), 1), 0),
       COALESCE(visits.visits, 0)
  FROM reps
  LEFT JOIN orders ON orders.user_id = reps.user_id
  LEFT JOIN won ON won.user_id = reps.user_id
  LEFT JOIN invoices ON invoices.user_id = reps.user_id
  LEFT JOIN targets ON targets.user_id = reps.user_id
  LEFT JOIN revisits ON revisits.user_id = reps.user_id
  LEFT JOIN complaints ON complaints.user_id = reps.user_id
  LEFT JOIN visits ON visits.user_id = reps.user_id
  LEFT JOIN expenses ON expenses.user_id = reps.user_id
"""

REFERENCE_SOURCES = (
    "sales_amount",
    "margin",
    "new_customers",
    "target_completion",
    "collection_rate",
    "growth_rate",
    "satisfaction",
    "complaint_rate",
    "expense_ratio",
    "visits",
)


def reference_values(cr, date_from, date_to, user_ids):
    """``{(user_id, source): value}`` by the reference statement."""
    cr.execute(
        REFERENCE_SQL, {"user_ids": list(user_ids), "date_from": date_from, "date_to": date_to}
    )
    return {
        (row[0], source): float(value)
        for row in cr.fetchall()
        for source, value in zip(REFERENCE_SOURCES, row[1:], strict=True)
    }


REFERENCE_GENERATE_SQL = """
WITH ref AS ({reference}),
actual AS (
    SELECT ref.user_id, v.source, v.value
      FROM ref AS ref(user_id, {columns}),
           unnest(%(sources)s::varchar[],
                  ARRAY[{columns}]::float8[]) AS v(source, value)
),
member AS (
    SELECT DISTINCT ON (user_id) user_id, crm_team_id AS team_id
      FROM crm_team_member
     WHERE active AND crm_team_id = ANY(%(team_ids)s) AND user_id = ANY(%(user_ids)s)
     ORDER BY user_id, id
),
scored AS (
    SELECT actual.user_id, tl.indicator_id, tl.sequence, tl.weight, tl.target_value,
           tl.score_cap, actual.value,
           CASE WHEN i.direction = 'lower'
                    THEN CASE WHEN actual.value > 0 THEN tl.target_value * 100.0 / actual.value
                              ELSE tl.score_cap END
                WHEN tl.target_value != 0 THEN actual.value * 100.0 / tl.target_value
                ELSE 0 END AS achievement
      FROM actual
      JOIN sales_kpi_indicator i ON i.source = actual.source
      JOIN sales_kpi_template_line tl ON tl.indicator_id = i.id AND tl.template_id = %(template)s
),
totals AS (
    SELECT scored.user_id, member.team_id,
           SUM(LEAST(GREATEST(achievement, 0), score_cap) * weight / 100.0) AS total
      FROM scored JOIN member ON member.user_id = scored.user_id
     GROUP BY scored.user_id, member.team_id
),
cards AS (
    INSERT INTO sales_kpi_scorecard
           (name, user_id, team_id, template_id, date_from, date_to, company_id, state,
            total_score, rank, company_rank, computed_date, create_uid, create_date, write_uid,
            write_date)
    SELECT concat_ws(' / ', partner.name, %(template_name)s, %(period)s), totals.user_id,
           totals.team_id, %(template)s, %(date_from)s, %(date_to)s, %(company)s, 'computed',
           totals.total,
           RANK() OVER (PARTITION BY totals.team_id ORDER BY totals.total DESC),
           RANK() OVER (ORDER BY totals.total DESC),
           now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC', %(uid)s,
           now() at time zone 'UTC'
      FROM totals
      JOIN res_users u ON u.id = totals.user_id
      JOIN res_partner partner ON partner.id = u.partner_id
 RETURNING id, user_id
)
INSERT INTO sales_kpi_scorecard_line
       (scorecard_id, indicator_id, sequence, weight, target_value, score_cap, actual_value,
        achievement, score, weighted_score, create_date, write_date)
SELECT cards.id, scored.indicator_id, scored.sequence, scored.weight, scored.target_value,
       scored.score_cap, scored.value, scored.achievement,
       LEAST(GREATEST(scored.achievement, 0), scored.score_cap),
       LEAST(GREATEST(scored.achievement, 0), scored.score_cap) * scored.weight / 100.0,
       now() at time zone 'UTC', now() at time zone 'UTC'
  FROM cards JOIN scored ON scored.user_id = cards.user_id
RETURNING scorecard_id
"""


def reference_generate(cr, template, date_from, date_to, teams, uid):
    """The rows a generation writes, by one hand-written statement: the reference's numbers
    scored, the scorecards inserted with totals and ranks, their lines. Returns the scorecard
    ids. (The benchmark's other side of "generate"; it knows only the benchmark's template of
    the ten computed sources and representatives in one team each.)"""
    from psycopg2 import sql

    columns = sql.SQL(", ").join(sql.Identifier(source) for source in REFERENCE_SOURCES)
    query = sql.SQL(REFERENCE_GENERATE_SQL).format(
        reference=sql.SQL(REFERENCE_SQL), columns=columns
    )
    cr.execute(
        query,
        {
            "user_ids": teams.member_ids.ids,
            "team_ids": teams.ids,
            "sources": list(REFERENCE_SOURCES),
            "template": template.id,
            "template_name": template.name,
            "period": f"{date_from} ~ {date_to}",
            "date_from": date_from,
            "date_to": date_to,
            "company": template.company_id.id or teams.env.company.id,
            "uid": uid,
        },
    )
    return sorted({row[0] for row in cr.fetchall()})
