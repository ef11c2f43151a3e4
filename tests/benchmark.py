"""Speed figures, each a ratio of two timings taken in the same run.

Run it through ``scripts/benchmark`` (which makes the throwaway database), or directly:
    PYTHONPATH=$ODOO_PATH python tests/benchmark.py --database DB --addons-path ... --scale 100000

Synthetic data is written with set-based SQL so that building 100k rows takes seconds; every
figure is then measured through the ORM as a user would trigger it.
"""

import argparse
import io
import random
import statistics
import time

# Common characters of Chinese company names, to make realistic trigram statistics.
SYLLABLES = (
    "华安徽合肥芜湖光明照明电气科技工程建设集团新城市政智能信息数据网络云创达成通宏远"
    "天地东方南北中兴盛源恒泰瑞丰金银星辰晨曦海洋江河山川绿色能源电子电力机械设备材料"
)


def timed(function, repeat=7, warmup=1):
    """Median wall time of ``function`` in milliseconds, after warm-up calls (a session caches
    the plans of its PL/pgSQL functions after a few calls, as a running server does)."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def company_name(rng, number):
    core = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(4, 8)))
    return f"{core}{number}有限公司"


def build_data(env, scale, rng):
    """Reps in two teams, ``scale`` customers and ``scale`` leads, by bulk SQL."""
    from odoo.addons.sales_governance.tools import normalize_company_name, normalize_phone
    from odoo.tests import new_test_user

    cr = env.cr
    group = "sales_governance.group_sales_rep"
    reps = [new_test_user(env, f"bench_rep{i}", group, name=f"Bench Rep {i}") for i in range(10)]
    manager = new_test_user(env, "bench_manager", "sales_governance.group_sales_manager")
    teams = [
        env["crm.team"].create({"name": f"Bench Team {i}", "user_id": manager.id if i else False})
        for i in range(2)
    ]
    for i, rep in enumerate(reps):
        teams[i % 2].member_ids = [(4, rep.id)]
    company_id = env.company.id
    rows = []
    for i in range(scale):
        name = company_name(rng, i)
        owner = reps[i % len(reps)].id if i % 3 else None
        state = "protected" if owner else "pool"
        phone = f"0551-{6000000 + i}"
        rows.append(
            (
                name,
                owner,
                state,
                phone,
                normalize_company_name(name),
                normalize_phone(phone),
                f"91340100MA{i:08d}",
            )
        )
    cr.execute(
        "CREATE TEMP TABLE bench_partner (name text, user_id int, state text, phone text, nname text, nphone text, vat text)"
    )
    buffer = io.StringIO(
        "".join("\t".join("\\N" if v is None else str(v) for v in row) + "\n" for row in rows)
    )
    columns = ("name", "user_id", "state", "phone", "nname", "nphone", "vat")
    cr._obj.copy_from(buffer, "bench_partner", columns=columns)  # the psycopg2 cursor: COPY
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, user_id,
                                 ownership_state, ownership_date, last_maintenance_date,
                                 protection_end_date, phone, normalized_name, normalized_phone,
                                 vat, normalized_vat, autopost_bills, company_id, create_date, write_date)
        SELECT name, name, true, true, 'contact', user_id, state,
               CASE WHEN user_id IS NULL THEN NULL ELSE now() - interval '100 days' END,
               CASE WHEN user_id IS NULL THEN NULL ELSE now() - interval '100 days' END,
               CASE WHEN user_id IS NULL THEN NULL ELSE (now() - interval '10 days')::date END,
               phone, nname, nphone, vat, vat, 'ask', NULL, now(), now()
          FROM bench_partner
        """
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, user_id, team_id, partner_id, company_id, active,
                              won_status, create_date, write_date)
        SELECT 'Bench lead ' || p.id, 'opportunity', p.user_id,
               %s, p.id, %s, true, 'pending', now(), now()
          FROM res_partner p WHERE p.name IN (SELECT name FROM bench_partner)
        """,
        (teams[1].id, company_id),
    )
    cr.execute("ANALYZE res_partner; ANALYZE crm_lead")
    env.invalidate_all()
    return reps, manager, rows


def run(env, scale, seed=7):
    rng = random.Random(seed)
    reps, _manager, rows = build_data(env, scale, rng)
    rep = reps[1]
    Partner = env["res.partner"]
    figures = []

    # 1. Record rules: a rep's list of opportunities vs the same search as superuser.
    def list_as(user):
        Lead = env["crm.lead"].with_user(user)
        return lambda: (Lead.search([], limit=80), Lead.search_count([]))

    su_ms = timed(list_as(env.ref("base.user_root")))
    rep_ms = timed(list_as(rep))
    figures.append(("record rules: rep's lead list / superuser's (100k leads)", rep_ms, su_ms, 1.5))

    # 2. Duplicate check vs one indexed SQL lookup of the same key.
    name, _owner, _state, phone, _nname, _nphone, vat = rows[len(rows) // 2]

    def one_lookup():
        env.cr.execute("SELECT id FROM res_partner WHERE normalized_vat = %s", (vat,))
        env.cr.fetchall()

    def duplicate_check():
        env["sales.duplicate.check"]._find_duplicates(name, vat=vat, phone=phone)

    figures.append(
        (
            "duplicate check of a registered customer / one indexed lookup",
            timed(duplicate_check, 31, 10),
            timed(one_lookup, 31, 10),
            2.0,
        )
    )
    new_name = company_name(rng, "新")

    def new_customer_check():
        env["sales.duplicate.check"]._find_duplicates(
            new_name, vat="91340100MA2N00001Q", phone="0551-1111111"
        )

    new_check_ms = timed(new_customer_check, 31, 10)
    figures.append(
        (
            "duplicate check of a new customer (4 keys + trigram) / one lookup",
            new_check_ms,
            timed(one_lookup, 31, 10),
            None,
        )
    )
    from odoo.addons.sales_governance.tools import normalize_company_name, normalize_vat

    new_key, new_vat = normalize_company_name(new_name), normalize_vat("91340100MA2N00001Q")

    def bare_floor():
        """The least any check of a new customer does: one exact-key lookup and one trigram
        similarity query of its name."""
        env.cr.execute("SELECT id FROM res_partner WHERE normalized_vat = %s", (new_vat,))
        env.cr.fetchall()
        env.cr.execute(
            "SELECT id FROM res_partner WHERE normalized_name %% %s "
            "ORDER BY similarity(normalized_name, %s) DESC LIMIT 5",
            (new_key, new_key),
        )
        env.cr.fetchall()

    figures.append(
        (
            "duplicate check of a new customer / bare floor (key + trigram)",
            new_check_ms,
            timed(bare_floor, 31, 10),
            1.5,
        )
    )

    def exact_check():
        env["sales.duplicate.check"]._find_duplicates(False, vat=vat)

    figures.append(
        (
            "duplicate check, credit code only / one indexed lookup",
            timed(exact_check, 31, 10),
            timed(one_lookup, 31, 10),
            2.0,
        )
    )

    # 3. Claim of a pool customer vs the indexed lookup (rolled back each time).
    pool_id = Partner.search([("ownership_state", "=", "pool")], limit=1).id

    def claim():
        with env.cr.savepoint(flush=False) as savepoint:
            env["sales.customer.pool"].with_user(rep).browse(pool_id).action_claim()
            env.flush_all()
            savepoint.rollback()
        env.invalidate_all()

    env.company.reclaim_cooldown_days = 0
    figures.append(("claim from pool / one indexed lookup", timed(claim), timed(one_lookup), None))

    # 4. Ownership cron over the whole archive vs one hand-written UPDATE of the same rows.
    def cron():
        with env.cr.savepoint(flush=False) as savepoint:
            Partner._cron_ownership()
            savepoint.rollback()
        env.invalidate_all()

    def hand_update():
        with env.cr.savepoint(flush=False) as savepoint:
            env.cr.execute(
                "UPDATE res_partner SET ownership_state = 'stale' WHERE ownership_state = 'protected' "
                "AND parent_id IS NULL AND protection_end_date < current_date"
            )
            savepoint.rollback()

    figures.append(
        (
            "ownership cron / one hand-written UPDATE (100k customers)",
            timed(cron, 3),
            timed(hand_update, 3),
            None,
        )
    )

    # 5. Budget check of one expense.
    figures += run_budget(env, scale, reps[0])

    # 6. Initial import (初始导入): preview of a 10,000-row file against the whole archive, as
    # an absolute time against the one-minute target (ratio = seconds / 60).
    figures.append(
        (
            "initial import preview, 10,000 rows / one minute",
            import_preview_ms(env, reps, rows, rng),
            60000.0,
            1.0,
        )
    )
    return figures


def run_budget(env, scale, rep):
    """Budget check of one expense: its line and what the line has left, with
    10,000 budget lines and ``scale`` expenses, vs one indexed lookup of that line."""
    expense, line_id = build_budget_data(env, scale, rep)

    def budget_check():
        return expense._find_budget_line()

    def line_lookup():
        env.cr.execute(
            "SELECT id, remaining_amount FROM sales_expense_budget_line WHERE id = %s", (line_id,)
        )
        return env.cr.fetchone()

    # the same question answered twice: both must give the same numbers
    assert tuple(budget_check()) == tuple(line_lookup()), (budget_check(), line_lookup())
    return [
        (
            f"budget check of one expense / one indexed lookup ({scale} expenses)",
            timed(budget_check, 31, 10),
            timed(line_lookup, 31, 10),
            2.0,
        )
    ]


def build_budget_data(env, scale, rep):
    """2,000 approved weekly budgets of two teams with 5 lines each (10,000 lines), and
    ``scale`` expenses spread over them, by bulk SQL; returns one draft expense and its line."""
    from odoo.addons.sales_expense_budget.models.sales_expense_budget_line import (
        ACTUAL_STATES,
        COMMITTED_STATES,
    )

    cr = env.cr
    team = env["crm.team"].search([("member_ids", "in", rep.id)], limit=1)
    other = env["crm.team"].search([("id", "!=", team.id), ("name", "like", "Bench Team")], limit=1)
    employee = env["hr.employee"].create({"name": rep.name, "user_id": rep.id})
    categories = env["sales.expense.category"].search([], limit=5)
    products = {c.id: c.product_ids[:1].id for c in categories}
    company = env.company
    cr.execute(
        """
        INSERT INTO sales_expense_budget (name, team_id, company_id, state, date_from, date_to)
        SELECT 'Bench budget ' || i, CASE WHEN i %% 2 = 0 THEN %(team)s ELSE %(other)s END,
               %(company)s, 'approved', DATE '2000-01-03' + (i / 2) * 7,
               DATE '2000-01-03' + (i / 2) * 7 + 6
          FROM generate_series(0, 1999) i
        """,
        {"team": team.id, "other": other.id, "company": company.id},
    )
    cr.execute(
        """
        INSERT INTO sales_expense_budget_line (budget_id, category_id, planned_amount,
               team_id, date_from, date_to, state, company_id)
        SELECT b.id, c.id, 100000, b.team_id, b.date_from, b.date_to, b.state, b.company_id
          FROM sales_expense_budget b CROSS JOIN unnest(%(categories)s) c(id)
         WHERE b.name LIKE 'Bench budget %%'
        """,
        {"categories": categories.ids},
    )
    cr.execute(
        """
        INSERT INTO hr_expense (name, employee_id, company_id, currency_id, payment_mode,
               quantity, price_unit, product_id, total_amount, total_amount_currency,
               budget_amount, state, approval_state, date, budget_line_id)
        SELECT 'Bench expense ' || g, %(employee)s, %(company)s, %(currency)s, 'own_account',
               1, 10, (%(products)s::int[])[1 + (l.n %% 5)], 10, 10, 10, 'submitted', 'submitted',
               l.date_from + (g %% 7), l.id
          FROM generate_series(1, %(scale)s) g
          JOIN (SELECT id, date_from, category_id, row_number() OVER (ORDER BY id) - 1 AS n
                  FROM sales_expense_budget_line WHERE team_id = %(team)s) l
            ON l.n = g %% 5000
        """,
        {
            "employee": employee.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "products": [products[c] for c in categories.ids],
            "scale": scale,
            "team": team.id,
        },
    )
    # the amounts the ORM keeps on each line as its expenses change state
    cr.execute(
        """
        UPDATE sales_expense_budget_line l
           SET increase_amount = 0, committed_amount = s.committed, actual_amount = s.actual,
               remaining_amount = l.planned_amount - s.committed - s.actual,
               consumed_percent = 100.0 * (s.committed + s.actual) / l.planned_amount
          FROM (SELECT l.id,
                       COALESCE(SUM(e.total_amount) FILTER (WHERE e.state IN %(committed)s), 0)
                           AS committed,
                       COALESCE(SUM(e.total_amount) FILTER (WHERE e.state IN %(actual)s), 0)
                           AS actual
                  FROM sales_expense_budget_line l
                  LEFT JOIN hr_expense e ON e.budget_line_id = l.id
                 GROUP BY l.id) s
         WHERE s.id = l.id AND l.id IN (SELECT id FROM sales_expense_budget_line
                                         WHERE budget_id IN (SELECT id FROM sales_expense_budget
                                                              WHERE name LIKE 'Bench budget %%'))
        """,
        {"committed": COMMITTED_STATES, "actual": ACTUAL_STATES},
    )
    cr.execute(
        "ANALYZE sales_expense_budget; ANALYZE sales_expense_budget_line; ANALYZE hr_expense"
    )
    env.invalidate_all()
    cr.execute(
        "SELECT l.id, l.date_from, l.category_id FROM sales_expense_budget_line l "
        "WHERE l.team_id = %s ORDER BY l.id LIMIT 1 OFFSET 2500",
        (team.id,),
    )
    line_id, date, category_id = cr.fetchone()
    expense = env["hr.expense"].create(
        {
            "name": "Bench draft",
            "employee_id": employee.id,
            "product_id": categories.browse(category_id).product_ids[:1].id,
            "total_amount_currency": 10.0,
            "date": date,
        }
    )
    assert expense.budget_line_id.id == line_id, "the benchmark expense must find its line"
    env.flush_all()
    return expense, line_id


def import_preview_ms(env, reps, rows, rng, size=10000):
    """Wall time of previewing a ``size``-row .xlsx: a third already in the archive (under
    their owner or another), the rest new, with some rows repeated inside the file."""
    import base64

    import openpyxl
    from stdnum.cn import uscc

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["name", "credit code", "phone", "mail", "city", "owner login", "last contact date"]
    )
    for i in range(size):
        rep = reps[i % len(reps)]
        if i % 3 == 0:
            # an archive customer, found by its name and phone, under its owner or another
            name, _owner, _state, phone, _nname, _nphone, _vat = rows[rng.randrange(len(rows))]
            vat = ""
        elif i % 50 == 1 and i > 50:
            name, phone, vat = f"{company_name(rng, i - 50)}", "", ""
        else:
            base = f"91340100NB{i:07d}"
            name, phone = company_name(rng, f"导入{i}"), f"138{i:08d}"
            vat = base + uscc.calc_check_digit(base)
        sheet.append([name, vat, phone, f"info@imp{i}.cn", "合肥", rep.login, "2025-06-30"])
    buffer = io.BytesIO()
    book.save(buffer)
    wizard = env["sales.customer.import"].create(
        {"file": base64.b64encode(buffer.getvalue()), "filename": "bench.xlsx"}
    )
    env.flush_all()
    start = time.perf_counter()
    wizard.action_preview()
    env.flush_all()
    elapsed = (time.perf_counter() - start) * 1000
    counts = {}
    for verdict in wizard.line_ids.mapped("verdict"):
        counts[verdict] = counts.get(verdict, 0) + 1
    print(f"import preview verdicts: {counts}")
    return elapsed


# === Targets and KPI scorecards === #
KPI_TEAMS, KPI_REPS_PER_TEAM, KPI_ORDERS_PER_REP = 100, 10, 20
# The books hold two years (2025-2026) of every rep's business, as a company's do: the
# scorecards of January 2026 read one month (and January 2025 for growth) out of 24.
KPI_MONTHS = 24


def build_kpi_data(env, teams_count=KPI_TEAMS):
    """100 teams of 10 reps; per rep and month of 2025 and 2026: 20 confirmed orders, 20
    posted invoices partly paid, 5 ownership events (and the feeds of ``build_kpi_feeds``);
    a confirmed target per rep and year; a template of 10 indicators. Returns (template,
    teams, date_from, date_to): January 2026."""
    from datetime import date

    from odoo import Command

    cr = env.cr
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    rep_group = env.ref("sales_governance.group_sales_rep")
    users = Users.create(
        [
            {
                "name": f"KPI Rep {i}",
                "login": f"kpi_bench_rep{i}",
                "group_ids": [Command.link(rep_group.id)],
            }
            for i in range(teams_count * KPI_REPS_PER_TEAM)
        ]
    )
    teams = (
        env["crm.team"]
        .with_context(tracking_disable=True)
        .create([{"name": f"KPI Team {i}"} for i in range(teams_count)])
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO crm_team_member (crm_team_id, user_id, active, create_date, write_date)
        SELECT (%(teams)s::int[])[(n - 1) / %(size)s + 1], (%(users)s::int[])[n], true, now(), now()
          FROM generate_series(1, %(count)s) n
        """,
        {"teams": teams.ids, "users": users.ids, "size": KPI_REPS_PER_TEAM, "count": len(users)},
    )
    partner = env["res.partner"].create({"name": "KPI bench customer", "is_company": True})
    company = env.company
    date_from, date_to = date(2026, 1, 1), date(2026, 1, 31)
    cr.execute(
        """
        INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id,
                                partner_shipping_id, date_order, state, user_id, currency_id,
                                currency_rate, amount_untaxed, amount_total, margin, create_date,
                                write_date)
        SELECT 'KPI/' || u.n || '/' || o, %(company)s, %(partner)s, %(partner)s, %(partner)s,
               timestamp '2025-01-01' + m * interval '1 month' + (o %% 28) * interval '1 day'
                   + interval '9 hours',
               'sale', u.id, %(currency)s, 1.0, 1000 + (u.n * 37 + o * 11) %% 5000,
               1000 + (u.n * 37 + o * 11) %% 5000, 100 + (u.n * 13 + o * 7) %% 900, now(), now()
          FROM unnest(%(users)s::int[]) WITH ORDINALITY AS u(id, n),
               generate_series(0, %(months)s - 1) m, generate_series(1, %(orders)s) o
        """,
        {
            "company": company.id,
            "partner": partner.id,
            "currency": company.currency_id.id,
            "users": users.ids,
            "orders": KPI_ORDERS_PER_REP,
            "months": KPI_MONTHS,
        },
    )
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    cr.execute(
        """
        INSERT INTO account_move (name, journal_id, company_id, currency_id, state, move_type,
                                  auto_post, date, invoice_date, invoice_user_id, partner_id,
                                  amount_total_signed, amount_residual_signed, create_date,
                                  write_date)
        SELECT 'KPI/INV/' || u.n || '/' || m || '/' || i, %(journal)s, %(company)s,
               %(currency)s, 'posted', 'out_invoice', 'no',
               (date '2025-01-01' + m * interval '1 month')::date + i,
               (date '2025-01-01' + m * interval '1 month')::date + i, u.id,
               %(partner)s, 1000 + i * 10, CASE WHEN (u.n + i) %% 3 = 0 THEN 1000 + i * 10 ELSE 0 END,
               now(), now()
          FROM unnest(%(users)s::int[]) WITH ORDINALITY AS u(id, n),
               generate_series(0, %(months)s - 1) m, generate_series(1, %(invoices)s) i
        """,
        {
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "partner": partner.id,
            "users": users.ids,
            "invoices": KPI_ORDERS_PER_REP,
            "months": KPI_MONTHS,
        },
    )
    cr.execute(
        """
        INSERT INTO sales_customer_ownership_log (partner_id, new_user_id, author_id, event,
                                                  create_date, write_date)
        SELECT %(partner)s, u.id, u.id,
               (ARRAY['register', 'claim', 'transfer', 'release', 'claim'])[e],
               timestamp '2025-01-03' + m * interval '1 month' + e * interval '4 days', now()
          FROM unnest(%(users)s::int[]) u(id), generate_series(0, %(months)s - 1) m,
               generate_series(1, 5) e
        """,
        {"partner": partner.id, "users": users.ids, "months": KPI_MONTHS},
    )
    build_kpi_feeds(env, users, partner)
    sales = env.ref("sales_kpi.sales_kpi_indicator_sales_amount")
    cr.execute(
        """
        INSERT INTO sales_target (name, date_from, date_to, indicator_id, company_id, user_id,
                                  level, target_amount, children_amount, unallocated_amount,
                                  is_balanced, state, create_date, write_date)
        SELECT 'KPI target ' || u.id || ' ' || y, make_date(y, 1, 1), make_date(y, 12, 31),
               %(indicator)s, %(company)s, u.id, 'rep', 365000 + u.id %% 100 * 1000, 0, 0, true,
               'confirmed', now(), now()
          FROM unnest(%(users)s::int[]) u(id), generate_series(2025, 2026) y
        """,
        {"indicator": sales.id, "company": company.id, "users": users.ids},
    )
    cr.execute("UPDATE sales_target SET parent_path = id || '/' WHERE parent_path IS NULL")
    cr.execute(
        "ANALYZE sale_order; ANALYZE account_move; ANALYZE sales_customer_ownership_log; "
        "ANALYZE sales_target; ANALYZE crm_team_member"
    )
    env.invalidate_all()
    indicators = env["sales.kpi.indicator"].search([("source", "!=", "manual")], limit=10)
    template = env["sales.kpi.template"].create(
        {
            "name": "KPI bench",
            "line_ids": [
                Command.create({"indicator_id": indicator.id, "weight": 10, "target_value": 100})
                for indicator in indicators
            ],
        }
    )
    return template, teams, date_from, date_to


def build_kpi_feeds(env, users, partner):
    """Per rep and month of 2025 and 2026: 4 revisits done, 2 complaints on their customer,
    2 submitted work logs of 6 lines (4 visits each), 5 submitted sales expenses."""
    cr = env.cr
    company = env.company
    env["hr.employee"].with_context(tracking_disable=True).create(
        [{"name": user.name, "user_id": user.id} for user in users]
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO sales_revisit (partner_id, user_id, company_id, revisit_type, state,
                                   scheduled_date, done_date, satisfaction, create_date,
                                   write_date)
        SELECT %(partner)s, u.id, %(company)s, '30', 'done', d, d, 1 + (u.id + r) %% 5,
               now(), now()
          FROM unnest(%(users)s::int[]) u(id), generate_series(0, %(months)s - 1) m,
               generate_series(1, 4) r,
               LATERAL (SELECT (date '2025-01-01' + m * interval '1 month')::date + r * 7 AS d) day
        """,
        {"partner": partner.id, "company": company.id, "users": users.ids, "months": KPI_MONTHS},
    )
    cr.execute(
        """
        INSERT INTO sales_complaint (partner_id, user_id, company_id, severity, state,
                                     description, received_date, create_date, write_date)
        SELECT %(partner)s, u.id, %(company)s, 'low', 'closed', 'x',
               timestamp '2025-01-02' + m * interval '1 month' + c * interval '15 days', now(),
               now()
          FROM unnest(%(users)s::int[]) u(id), generate_series(0, %(months)s - 1) m,
               generate_series(0, 1) c
        """,
        {"partner": partner.id, "company": company.id, "users": users.ids, "months": KPI_MONTHS},
    )
    cr.execute(
        """
        WITH logs AS (
            INSERT INTO sales_work_log (user_id, company_id, state, date, create_date,
                                        write_date)
            SELECT u.id, %(company)s, 'submitted',
                   (date '2025-01-05' + m * interval '1 month')::date + w * 20, now(), now()
              FROM unnest(%(users)s::int[]) u(id), generate_series(0, %(months)s - 1) m,
                   generate_series(0, 1) w
         RETURNING id, user_id, date, state, company_id
        )
        INSERT INTO sales_work_log_line (log_id, user_id, date, log_state, company_id,
                                         partner_id, contact_type, summary, create_date,
                                         write_date)
        SELECT logs.id, logs.user_id, logs.date, logs.state, logs.company_id, %(partner)s,
               CASE WHEN l <= 4 THEN 'visit' ELSE 'call' END, 'x', now(), now()
          FROM logs, generate_series(1, 6) l
        """,
        {"partner": partner.id, "company": company.id, "users": users.ids, "months": KPI_MONTHS},
    )
    travel = env.ref("sales_expense_budget.product_sales_expense_travel")
    cr.execute(
        """
        INSERT INTO hr_expense (name, employee_id, product_id, company_id, currency_id,
                                payment_mode, quantity, price_unit, total_amount,
                                total_amount_currency, budget_amount, state, date, create_date,
                                write_date)
        SELECT 'Trip', e.id, %(product)s, %(company)s, %(currency)s, 'own_account', 1,
               100 + x * 10, 100 + x * 10, 100 + x * 10, 100 + x * 10, 'submitted',
               (date '2025-01-01' + m * interval '1 month')::date + x * 6, now(), now()
          FROM hr_employee e, generate_series(0, %(months)s - 1) m, generate_series(0, 4) x
         WHERE e.user_id = ANY(%(users)s)
        """,
        {
            "product": travel.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "users": users.ids,
            "months": KPI_MONTHS,
        },
    )
    cr.execute(
        "ANALYZE sales_revisit; ANALYZE sales_complaint; ANALYZE sales_work_log_line; "
        "ANALYZE hr_expense; ANALYZE hr_employee"
    )


def run_kpi(env, teams_count=KPI_TEAMS):
    """KPI generation of 1,000 scorecards vs the hand-written aggregate of the same numbers."""
    from kpi_reference import (
        reference_generate,
        reference_values,
    )

    template, teams, date_from, date_to = build_kpi_data(env, teams_count)
    count = teams_count * KPI_REPS_PER_TEAM
    # Both sides without JIT: the reference's ten joined aggregates are estimated at millions
    # of rows, which makes PostgreSQL spend 0.3-0.5 s compiling it; timed with it, the
    # reference would be the slower one and the ratio would flatter the scorecards.
    env.cr.execute("SET jit = off")
    Scorecard = env["sales.kpi.scorecard"]
    user_ids = teams.member_ids.ids
    figures = []

    def reference():
        reference_values(env.cr, date_from, date_to, user_ids)

    def generate():
        """Milliseconds of one generation from nothing; the scorecards are then deleted, out
        of the timing. Not in a savepoint: there, each foreign-key check of the 10,000 new
        lines locks the same user and scorecards again as a multixact (the insert took 1.4 s),
        which the wizard, running in its own transaction, does not pay."""
        start = time.perf_counter()
        scorecards = Scorecard._generate(template, date_from, date_to, teams)
        elapsed = (time.perf_counter() - start) * 1000
        assert len(scorecards) == count
        env.cr.execute("DELETE FROM sales_kpi_scorecard WHERE id = ANY(%s)", [scorecards.ids])
        env.invalidate_all()
        return elapsed

    def hand_written():
        """Milliseconds of the hand-written generation (the same rows by one INSERT … SELECT
        over the reference's numbers); the rows are then deleted, out of the timing."""
        start = time.perf_counter()
        ids = reference_generate(env.cr, template, date_from, date_to, teams, env.uid)
        elapsed = (time.perf_counter() - start) * 1000
        assert len(ids) == count
        env.cr.execute("DELETE FROM sales_kpi_scorecard WHERE id = ANY(%s)", [ids])
        return elapsed

    reference_ms = timed(reference, 5, 2)
    generate_ms = statistics.median([generate() for _ in range(4)][1:])  # the first warms up
    figures.append(
        (
            f"KPI: generate {count:,} scorecards (create+compute) / one SQL",
            generate_ms,
            reference_ms,
            2.0,
        )
    )
    figures.append(
        (
            f"KPI: generate {count:,} scorecards / the same rows by hand-written SQL",
            generate_ms,
            statistics.median([hand_written() for _ in range(4)][1:]),
            2.0,
        )
    )
    scorecards = Scorecard._generate(template, date_from, date_to, teams)

    def recompute():
        scorecards._compute_kpis()
        env.invalidate_all()

    figures.append(
        (
            f"KPI: compute {count:,} scorecards x 10 indicators / one SQL",
            timed(recompute, 5, 1),
            reference_ms,
            2.0,
        )
    )
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-port", default="5432")
    parser.add_argument("--db-user", default="odoo")
    parser.add_argument("--db-password", default="odoo")
    parser.add_argument("--scale", type=int, default=100000)
    parser.add_argument("--keep-data", action="store_true", help="commit the data, measure nothing")
    parser.add_argument("--only", choices=["kpi", "budget"], help="measure one figure group only")
    parser.add_argument("--kpi-teams", type=int, default=KPI_TEAMS, help="teams of 10 reps")
    args = parser.parse_args()

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [
            f"--addons-path={args.addons_path}",
            f"--db_host={args.db_host}",
            f"--db_port={args.db_port}",
            f"--db_user={args.db_user}",
            f"--db_password={args.db_password}",
            "--log-level=warn",
        ]
    )
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.keep_data:
            build_data(env, args.scale, random.Random(7))
            return
        if args.only == "budget":  # --scale expenses; two teams of reps, no customers
            figures = run_budget(env, args.scale, build_data(env, 0, random.Random(7))[0][0])
        else:
            figures = [] if args.only else run(env, args.scale)
            figures += run_kpi(env, args.kpi_teams)  # Targets and KPI scorecards
        cr.rollback()
    print(f"\nSales Governance benchmark, scale {args.scale}")
    print(f"{'figure':<62} {'ms':>9} {'base ms':>9} {'ratio':>7}  target")
    for label, measured, base, target in figures:
        ratio = measured / base if base else float("inf")
        verdict = "" if target is None else ("ok" if ratio <= target else "OVER")
        target_text = f"<= {target}x {verdict}" if target else "(reported)"
        print(f"{label:<62} {measured:9.2f} {base:9.2f} {ratio:7.2f}  {target_text}")


if __name__ == "__main__":
    main()
