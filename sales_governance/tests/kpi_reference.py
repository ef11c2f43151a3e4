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
