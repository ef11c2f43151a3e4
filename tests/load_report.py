"""What tests/load.py prints after a run, and the checks that fail it."""

import collections
import os
import re
import statistics

import psycopg2

SLOW = 5.0  # seconds: a request slower than this fails the run
TARGET = 1.5  # a registration's median within this many times a lead's
SPENDING_STATES = ["submitted", "approved", "posted", "in_payment", "paid"]
REGISTER_NEW = "register (new customer)"
LEAD = "lead (stock)"
RETRY = re.compile(r"INFO \S+ odoo\.service\.model: (\w+), \d+ tries left, try again in ([\d.]+)")


def report(scenario, wall, load_before):
    """Print the figures per operation; return the median seconds per operation."""
    args, load_after = scenario.args, os.getloadavg()[0]
    print(
        f"load: {args.users} users x {args.rounds} rounds, think {args.think} s, "
        f"{args.workers} workers, {len(scenario.timings)} requests in {wall:.1f} s "
        f"(machine load average {load_before:.1f} before, {load_after:.1f} after)"
    )
    print(
        f"{'operation':<35}{'count':>6}{'ok':>5}{'refused':>8}{'errors':>7}"
        f"{'per s':>7}{'median ms':>10}{'p95 ms':>8}{'max ms':>8}{'over 5 s':>9}"
    )
    medians = {}
    rows = sorted(scenario.latency.items()) + [("(every request)", scenario.timings)]
    slow = dict(scenario.slow, **{"(every request)": sum(scenario.slow.values())})
    for operation, values in rows:
        values = sorted(values)
        outcomes = scenario.outcomes.get(operation, collections.Counter())
        refused = sum(n for key, n in outcomes.items() if key.startswith("refused"))
        medians[operation] = statistics.median(values)
        p95 = values[max(0, round(0.95 * len(values)) - 1)]
        print(
            f"{operation:<35}{len(values):>6}{outcomes['ok']:>5}{refused:>8}"
            f"{outcomes['error']:>7}{len(values) / wall:>7.1f}"
            f"{medians[operation] * 1000:>10.0f}{p95 * 1000:>8.0f}{values[-1] * 1000:>8.0f}"
            f"{slow.get(operation, ''):>9}"
        )
    for (operation, outcome), example in sorted(scenario.examples.items()):
        count = scenario.outcomes[operation][outcome]
        print(f"  {operation}: {count} {outcome}, e.g. {example}")
    return medians


def check(scenario, medians):
    """The database's word on the races and the budget line; slow and failed requests."""
    failures = []
    args = scenario.args
    connection = psycopg2.connect(
        dbname=args.database, host=args.db_host, port=args.db_port, user=args.db_user,
        password=args.db_password,
    )  # fmt: skip
    with connection, connection.cursor() as cr:
        cr.execute(
            """SELECT r.name, count(*) FILTER (WHERE r.state = 'registered'),
                      count(*) FILTER (WHERE r.state = 'duplicate'),
                      (SELECT count(*) FROM res_partner p WHERE p.name = r.name
                      AND p.parent_id IS NULL AND p.active AND p.user_id IS NOT NULL)
                 FROM sales_customer_registration r WHERE r.name = ANY(%s) GROUP BY r.name""",
            [scenario.same_names],
        )
        totals = collections.Counter()
        for name, registered, duplicate, owners in cr.fetchall():
            totals.update(registered=registered, duplicate=duplicate)
            if registered > 1 or owners > 1:
                failures.append(f"{name}: {registered} registrations, {owners} owned customers")
        print(
            f"register (same name): {totals['registered']} registered, "
            f"{totals['duplicate']} refused later as duplicates, for {len(scenario.pool)} names"
        )
        cr.execute(
            """SELECT p.id, p.user_id, count(l.id) FROM res_partner p
                 LEFT JOIN sales_customer_ownership_log l ON l.partner_id = p.id
                  AND l.event = 'claim'
                WHERE p.id = ANY(%s) GROUP BY p.id, p.user_id""",
            [scenario.pool],
        )
        passed_total = 0
        for partner_id, owner, logged in cr.fetchall():
            passed = scenario.claims.get(partner_id, [])
            passed_total += len(passed)
            if logged > 1 or len(passed) > 1 or (passed and owner != passed[0]):
                failures.append(
                    f"pool customer {partner_id}: {len(passed)} claims passed, "
                    f"{logged} logged, owner {owner}"
                )
        print(
            f"claim (same customer): {passed_total} claims passed for {len(scenario.pool)} customers"
        )
        cr.execute(
            """SELECT l.planned_amount + l.increase_amount, l.remaining_amount,
                      l.planned_amount + l.increase_amount - COALESCE(
                          (SELECT sum(e.total_amount) FROM hr_expense e
                            WHERE e.budget_line_id = l.id AND e.state = ANY(%s)), 0)
                 FROM sales_expense_budget_line l WHERE l.id = %s""",
            [SPENDING_STATES, scenario.ids["line"]],
        )
        available, remaining, recounted = cr.fetchone()
        print(
            f"budget line: {available:.2f} available, {scenario.budget_left:.2f} left before, "
            f"{remaining:.2f} after ({recounted:.2f} by its expenses)"
        )
        if remaining < 0 or recounted < 0:
            failures.append(f"the budget line ends over its amount: {recounted:.2f} left")
    connection.close()
    slowest = max(scenario.timings, default=0.0)
    print(f"slowest request: {slowest * 1000:.0f} ms (limit {SLOW * 1000:.0f} ms)")
    if slowest > SLOW:
        slow = sum(1 for seconds in scenario.timings if seconds > SLOW)
        failures.append(f"{slow} requests took over {SLOW:.0f} s")
    if scenario.errors:
        failures.append(f"{len(scenario.errors)} requests failed, e.g. {scenario.errors[0]}")
    server_retries(scenario)
    registration, lead = medians.get(REGISTER_NEW), medians.get(LEAD)
    if registration and lead:
        ratio = registration / lead
        print(
            f"target: a registration (create + submit) {registration * 1000:.0f} ms = "
            f"{ratio:.2f}x a lead's {lead * 1000:.0f} ms (medians; target {TARGET}x): "
            f"{'met' if ratio <= TARGET else 'missed'}"
        )
    return failures


def server_retries(scenario):
    """What the server's log says of the transactions Odoo ran again (concurrency)."""
    if not scenario.args.server_log or not os.path.exists(scenario.args.server_log):
        return
    retries, waited, given_up = collections.Counter(), 0.0, 0
    with open(scenario.args.server_log, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = RETRY.search(line)
            if match:
                retries[match.group(1)] += 1
                waited += float(match.group(2))
            elif "maximum number of tries reached" in line:
                given_up += 1
    kinds = ", ".join(f"{n} {kind}" for kind, n in retries.most_common()) or "none"
    print(
        f"server: transactions run again after a concurrency error: {kinds} "
        f"({waited:.1f} s of waits); given up after 5 tries: {given_up}"
    )
