"""Load test: concurrent representatives over JSON-RPC on a multi-worker Odoo (scripts/load).

    python tests/load.py --url http://127.0.0.1:PORT --database DB --users 12 --rounds 10 \\
        --db-host ... --db-port ... --db-user ... --db-password ...

Setup, as the administrator over JSON-RPC: one representative per virtual user (load_rep_NN,
login = password, in 华东一部 with an employee), one public-pool customer per round, and each
representative's own customer (a first registration, which also warms every worker up).

Each round, every user at the same moment (a barrier) claims the round's pool customer and
submits a registration of the round's shared customer name; then, in an order of its own,
registers a new customer, creates a quotation and a lead for its customer, and submits an
expense against 华东一部's entertainment budget line (about ¥1,000 left in the demo, ¥50 an
expense). Refusals the rules make (a second claim, a duplicate, an expense over budget) are
outcomes, counted per operation; anything else a server answers is an error.

It prints per operation: count, outcomes, throughput, median, p95 and max latency; then checks
from the database that no raced customer has two owners, that the budget line does not end
over its amount, that no request took over 5 s and that no request failed. Exit 1 if a check
fails.
"""

import argparse
import collections
import datetime
import itertools
import random
import statistics
import sys
import threading
import time

import psycopg2
import requests

SLOW = 5.0  # seconds: a request slower than this fails the run
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
EXPENSE_AMOUNT = 50.0
# Common characters for names no other customer resembles (the duplicate check compares
# trigrams of the name without legal suffix or place).
NAME_CHARS = (
    "安百宝北奔博昌辰成诚驰崇创春达大德鼎东多恩发丰峰福富刚高歌冠光广国海瀚浩和恒宏鸿华辉"
    "汇吉佳嘉坚建江杰金锦进晶景九久聚骏凯康科可坤蓝朗乐力立联良林凌龙隆鲁路伦茂美蒙明铭"
    "沐南宁诺鹏平普奇启谦强庆秋泉仁荣瑞润森山尚申升圣盛胜石实世仕顺思松泰腾天通同万旺威"
    "维伟文沃希祥翔欣新信星兴雄旭轩雅亚扬耀野一亿益毅银英盈永优宇元远跃云运泽展振正志智"
    "中众洲卓紫宗"
)


class RpcError(Exception):
    def __init__(self, name, message, elapsed=0.0):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.elapsed = elapsed  # seconds the refused request took


class Client:
    """One browser-like session: cookies, JSON-RPC calls, each request timed."""

    def __init__(self, url, database, timeout, timings=None):
        self.url = url
        self.database = database
        self.timeout = timeout
        self.session = requests.Session()
        self.ids = itertools.count(1)
        self.context = {}
        self.uid = None
        self.timings = timings  # list of every request's seconds, or None

    def post(self, path, params):
        start = time.perf_counter()
        try:
            response = self.session.post(
                self.url + path,
                json={"jsonrpc": "2.0", "method": "call", "params": params, "id": next(self.ids)},
                timeout=self.timeout,
            )
        finally:
            elapsed = time.perf_counter() - start
            if self.timings is not None:
                self.timings.append(elapsed)
        response.raise_for_status()
        data = response.json()
        if "error" in data:
            error = data["error"].get("data") or {}
            message = error.get("message", str(data["error"]))
            raise RpcError(error.get("name", "error"), message, elapsed)
        return data.get("result"), elapsed

    def login(self, login, password):
        info, _elapsed = self.post(
            "/web/session/authenticate",
            {"db": self.database, "login": login, "password": password},
        )
        if not info.get("uid"):
            raise RpcError("login", f"{login} could not log in")
        self.uid = info["uid"]
        self.context = info["user_context"]
        return info

    def call(self, model, method, *args, **kwargs):
        """The result, and the seconds the request took."""
        kwargs.setdefault("context", self.context)
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows, _elapsed = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        if not rows:
            raise SystemExit(f"error: {xmlid} is missing: the load test needs the demo data.")
        return rows[0]["res_id"]


class Results:
    """Per operation: latencies and outcomes, shared by the user threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency = collections.defaultdict(list)
        self.outcomes = collections.defaultdict(collections.Counter)
        self.errors = []
        self.claims = collections.defaultdict(list)  # pool customer id: uids whose claim passed

    def record(self, operation, seconds, outcome):
        with self.lock:
            self.latency[operation].append(seconds)
            self.outcomes[operation][outcome] += 1


def random_name(rng, length=4, suffix="科技有限公司"):
    return "".join(rng.choice(NAME_CHARS) for _ in range(length)) + suffix


class Scenario:
    def __init__(self, args):
        self.args = args
        self.run_id = f"{random.randrange(16**6):06x}"
        self.rng = random.Random(self.run_id)
        self.results = Results()
        self.timings = []  # every request of the measured phase
        self.barrier = threading.Barrier(args.users, timeout=60)
        self.deadline = None

    def client(self, timings=None):
        return Client(self.args.url, self.args.database, self.args.request_timeout, timings)

    # === SETUP (administrator) === #
    def setup(self):
        admin = self.client()
        admin.login(self.args.admin_login, self.args.admin_password)
        refs = {
            "team": "sales_governance.crm_team_east1_demo",
            "line": "sales_governance.sales_expense_budget_east1_demo_line_entertainment",
            "expense_product": "sales_governance.product_sales_expense_entertainment",
            "product": "sales_governance.product_led_street_lamp_demo",
            "rep_group": "sales_governance.group_sales_rep",
            "user_group": "base.group_user",
            "rep1": "sales_governance.user_rep1_demo",
            "cn": "base.cn",
        }
        self.ids = {key: admin.ref(xmlid) for key, xmlid in refs.items()}
        (rep1,), _elapsed = admin.call(
            "res.users", "read", [self.ids["rep1"]], ["company_id", "lang", "tz"]
        )
        company_id = rep1["company_id"][0]
        self.users = []
        for number in range(1, self.args.users + 1):
            login = f"load_rep_{number:02d}"
            found, _elapsed = admin.call("res.users", "search", [("login", "=", login)])
            if found:
                uid = found[0]
            else:
                uid, _elapsed = admin.call(
                    "res.users",
                    "create",
                    {
                        "name": f"负载代表{number:02d}",
                        "login": login,
                        "password": login,
                        "company_id": company_id,
                        "company_ids": [(6, 0, [company_id])],
                        "group_ids": [(4, self.ids["user_group"]), (4, self.ids["rep_group"])],
                        "lang": rep1["lang"],
                        "tz": rep1["tz"],
                    },
                )
                admin.call(
                    "hr.employee",
                    "create",
                    {"name": f"负载代表{number:02d}", "user_id": uid, "company_id": company_id},
                )
            self.users.append((login, uid))
        admin.call(
            "crm.team",
            "write",
            [self.ids["team"]],
            {"member_ids": [(4, uid) for _login, uid in self.users]},
        )
        # One public-pool customer per round: created, then released to the pool.
        self.pool = []
        for round_no in range(self.args.rounds):
            partner_id, _elapsed = admin.call(
                "res.partner",
                "create",
                {
                    "name": random_name(self.rng, 5, f"公共池客户{self.run_id}{round_no:02d}"),
                    "is_company": True,
                    "customer_rank": 1,
                    "country_id": self.ids["cn"],
                },
            )
            (partner,), _elapsed = admin.call(
                "res.partner", "read", [partner_id], ["ownership_state"]
            )
            if partner["ownership_state"] != "pool":
                admin.call("res.partner", "action_release", [partner_id])
            self.pool.append(partner_id)
        self.same_names = [
            random_name(self.rng, 4, "照明工程有限公司") for _ in range(self.args.rounds)
        ]

    # === USERS === #
    def own_customer(self, client):
        """Register a customer of one's own (warms the workers up; not measured)."""
        for _attempt in range(5):
            name = random_name(self.rng)
            reg_id, _elapsed = client.call(
                "sales.customer.registration", "create", {"name": name, "city": "合肥"}
            )
            client.call("sales.customer.registration", "action_submit", [reg_id])
            (reg,), _elapsed = client.call(
                "sales.customer.registration", "read", [reg_id], ["state", "partner_id"]
            )
            if reg["state"] == "registered":
                return reg["partner_id"][0]
        raise SystemExit("error: no registration of a new customer went through in 5 tries.")

    def timed(self, operation, calls):
        """Run the calls (functions returning (result, seconds)); record the sum of their
        request times under ``operation`` with its outcome; return the last result."""
        seconds, result = 0.0, None
        try:
            for call in calls:
                result, elapsed = call(result)
                seconds += elapsed
        except RpcError as exc:
            seconds += exc.elapsed
            if exc.name in REFUSALS:
                self.results.record(operation, seconds, f"refused: {exc.message[:60]}")
            else:
                self.results.record(operation, seconds, "error")
                with self.results.lock:
                    self.results.errors.append(f"{operation}: {exc}")
            return None
        except requests.RequestException as exc:
            self.results.record(operation, seconds, "error")
            with self.results.lock:
                self.results.errors.append(f"{operation}: {exc!r}")
            return None
        self.results.record(operation, seconds, "ok")
        return result

    def sync(self):
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            pass  # a user stopped early: the others go on without waiting for it

    def register(self, client, operation, name, race=False):
        """Create and submit a registration; in a race, every user submits at one moment."""
        reg = "sales.customer.registration"
        if not race:
            return self.timed(
                operation,
                [
                    lambda _p: client.call(reg, "create", {"name": name, "city": "合肥"}),
                    lambda reg_id: client.call(reg, "action_submit", [reg_id]),
                ],
            )
        created = self.timed(
            f"{operation}: create",
            [lambda _p: client.call(reg, "create", {"name": name, "city": "合肥"})],
        )
        self.sync()
        if created:
            self.timed(operation, [lambda _p: client.call(reg, "action_submit", [created])])
        return created

    def claim(self, client, partner_id):
        if self.timed(
            "claim (same customer)",
            [lambda _p: client.call("res.partner", "action_claim", [partner_id])],
        ):
            with self.results.lock:
                self.results.claims[partner_id].append(client.uid)

    def quotation(self, client, state, round_no, rng):
        line = {"product_id": self.ids["product"], "product_uom_qty": 2}
        vals = {"partner_id": state["customer"], "order_line": [(0, 0, line)]}
        self.timed("quotation", [lambda _p: client.call("sale.order", "create", vals)])

    def expense(self, client, state, round_no, rng):
        vals = {
            "name": f"负载测试招待 {client.uid} {round_no}",
            "employee_id": state["employee"],
            "product_id": self.ids["expense_product"],
            "total_amount_currency": EXPENSE_AMOUNT,
            "date": datetime.date.today().isoformat(),
            "payment_mode": "own_account",
        }
        self.timed(
            "expense (one budget line)",
            [
                lambda _p: client.call("hr.expense", "create", vals),
                lambda expense_id: client.call("hr.expense", "action_submit", [expense_id]),
            ],
        )

    def lead(self, client, state, round_no, rng):
        vals = {
            "name": f"负载测试商机 {client.uid} {round_no}",
            "type": "opportunity",
            "partner_id": state["customer"],
            "expected_revenue": 50000,
        }
        self.timed("lead (stock)", [lambda _p: client.call("crm.lead", "create", vals)])

    def register_new(self, client, state, round_no, rng):
        self.register(client, "register (new customer)", random_name(rng, 5))

    def user(self, login, state):
        client = self.client(self.timings)
        rng = random.Random(f"{self.run_id}{login}")
        try:
            client.login(login, login)
            for round_no in range(self.args.rounds):
                if time.monotonic() > self.deadline:
                    break
                self.sync()
                self.claim(client, self.pool[round_no])
                self.register(client, "register (same name)", self.same_names[round_no], True)
                # the other operations in an order of the user's own, all users at once
                mixed = [self.register_new, self.quotation, self.expense, self.lead]
                rng.shuffle(mixed)
                for operation in mixed:
                    operation(client, state, round_no, rng)
        except Exception as exc:  # a user who stops is a failure, reported below
            with self.results.lock:
                self.results.errors.append(f"{login} stopped: {exc!r}")
        finally:
            self.barrier.abort()  # nobody waits for a user who has stopped

    def run(self):
        # Log everyone in and give each a customer of their own before the clock starts.
        states = {}
        for login, uid in self.users:
            client = self.client()
            client.login(login, login)
            (user,), _elapsed = client.call("res.users", "read", [uid], ["employee_id"])
            states[login] = {
                "customer": self.own_customer(client),
                "employee": user["employee_id"][0],
            }
        self.deadline = time.monotonic() + self.args.duration
        threads = [
            threading.Thread(target=self.user, args=(login, states[login]), name=login)
            for login, _uid in self.users
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start

    # === REPORT === #
    def report(self, wall):
        print(
            f"load: {self.args.users} users, {self.args.rounds} rounds on {self.args.database}"
            f" ({self.args.workers} workers): {len(self.timings)} requests in {wall:.1f} s"
        )
        header = (
            f"{'operation':<26}{'count':>6}{'ok':>6}{'refused':>8}{'errors':>7}"
            f"{'per s':>7}{'median ms':>10}{'p95 ms':>8}{'max ms':>8}"
        )
        print(header)
        stats = {}
        for operation in sorted(self.results.latency):
            values = sorted(self.results.latency[operation])
            outcomes = self.results.outcomes[operation]
            refused = sum(n for key, n in outcomes.items() if key.startswith("refused"))
            median = statistics.median(values)
            p95 = values[max(0, round(0.95 * len(values)) - 1)]
            stats[operation] = median
            print(
                f"{operation:<26}{len(values):>6}{outcomes['ok']:>6}{refused:>8}"
                f"{outcomes['error']:>7}{len(values) / wall:>7.1f}{median * 1000:>10.0f}"
                f"{p95 * 1000:>8.0f}{values[-1] * 1000:>8.0f}"
            )
        for operation in sorted(self.results.outcomes):
            refusals = {
                key: n for key, n in self.results.outcomes[operation].items() if key != "ok"
            }
            for key, count in sorted(refusals.items(), key=lambda item: -item[1]):
                print(f"  {operation}: {count} x {key}")
        return stats

    def check(self, stats):
        """The database's word on the races, the budget line, the slow and failed requests."""
        failures = []
        connection = psycopg2.connect(
            dbname=self.args.database,
            host=self.args.db_host,
            port=self.args.db_port,
            user=self.args.db_user,
            password=self.args.db_password,
        )
        with connection, connection.cursor() as cr:
            cr.execute(
                """SELECT r.name, count(*) FILTER (WHERE r.state = 'registered'),
                          count(*) FILTER (WHERE r.state = 'duplicate'),
                          count(*) FILTER (WHERE r.state = 'pending'),
                          (SELECT count(DISTINCT p.user_id) FROM res_partner p
                            WHERE p.name = r.name AND p.parent_id IS NULL AND p.active
                              AND p.user_id IS NOT NULL)
                     FROM sales_customer_registration r WHERE r.name = ANY(%s)
                    GROUP BY r.name""",
                [self.same_names],
            )
            totals = collections.Counter()
            for name, registered, duplicate, pending, owners in cr.fetchall():
                totals.update(registered=registered, duplicate=duplicate, pending=pending)
                if registered > 1 or owners > 1:
                    failures.append(f"{name}: {registered} registrations, {owners} owners")
            print(
                f"register (same name): {totals['registered']} registered, "
                f"{totals['duplicate']} duplicate, {totals['pending']} pending"
            )
            cr.execute(
                """SELECT p.id, p.user_id, count(l.id) FROM res_partner p
                     LEFT JOIN sales_customer_ownership_log l
                       ON l.partner_id = p.id AND l.event = 'claim'
                    WHERE p.id = ANY(%s) GROUP BY p.id, p.user_id""",
                [self.pool],
            )
            claimed = 0
            for partner_id, owner, logged in cr.fetchall():
                passed = self.results.claims.get(partner_id, [])
                claimed += len(passed)
                if logged > 1 or len(passed) > 1 or (passed and owner != passed[0]):
                    failures.append(
                        f"pool customer {partner_id}: {len(passed)} claims passed, "
                        f"{logged} logged, owner {owner}"
                    )
            print(f"claim (same customer): {claimed} claims passed for {len(self.pool)} customers")
            cr.execute(
                """SELECT l.planned_amount + l.increase_amount, l.remaining_amount,
                          l.planned_amount + l.increase_amount - COALESCE(
                              (SELECT sum(e.total_amount) FROM hr_expense e
                                WHERE e.budget_line_id = l.id AND e.state = ANY(%s)), 0)
                     FROM sales_expense_budget_line l WHERE l.id = %s""",
                [["submitted", "approved", "posted", "in_payment", "paid"], self.ids["line"]],
            )
            available, remaining, recounted = cr.fetchone()
            print(
                f"budget line: {available:.2f} available, {remaining:.2f} left "
                f"({recounted:.2f} by its expenses)"
            )
            if remaining < 0 or recounted < 0:
                failures.append(f"the budget line ends over its amount: {recounted:.2f} left")
        connection.close()
        slowest = max(self.timings, default=0.0)
        print(f"slowest request: {slowest * 1000:.0f} ms (limit {SLOW * 1000:.0f} ms)")
        if slowest > SLOW:
            slow = sum(1 for t in self.timings if t > SLOW)
            failures.append(f"{slow} requests took over {SLOW:.0f} s")
        if self.results.errors:
            failures.append(f"{len(self.results.errors)} requests failed")
            for error in self.results.errors[:10]:
                print(f"  {error}")
        registration = stats.get("register (new customer)")
        lead = stats.get("lead (stock)")
        if registration and lead:
            ratio = registration / lead
            verdict = "met" if ratio <= 1.5 else "missed"
            print(
                f"target: a registration (create + submit) {registration * 1000:.0f} ms = "
                f"{ratio:.2f}x a lead's {lead * 1000:.0f} ms (median; target 1.5x): {verdict}"
            )
        return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--duration", type=float, default=300, help="seconds, at most")
    parser.add_argument("--workers", type=int, default=0, help="for the report")
    parser.add_argument("--request-timeout", type=float, default=30)
    parser.add_argument("--admin-login", default="admin")
    parser.add_argument("--admin-password", default="admin")
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-port", type=int, default=5432)
    parser.add_argument("--db-user", default="odoo")
    parser.add_argument("--db-password", default="odoo")
    args = parser.parse_args()
    if not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        parser.error("the load test only talks to a server on this machine (loopback)")
    deadline = time.monotonic() + 180
    while True:
        try:
            if requests.get(args.url + "/web/health", timeout=5).ok:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"error: no Odoo answered on {args.url} within 180 s.")
        time.sleep(1)
    scenario = Scenario(args)
    scenario.setup()
    wall = scenario.run()
    stats = scenario.report(wall)
    failures = scenario.check(stats)
    for failure in failures:
        print(f"FAIL: {failure}")
    print("load: ok" if not failures else f"load: {len(failures)} checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
