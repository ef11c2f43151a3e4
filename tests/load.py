"""Load test: concurrent representatives over JSON-RPC on a multi-worker Odoo (scripts/load).

    python tests/load.py --url http://127.0.0.1:PORT --database DB [--users 12] [--rounds 10]
        [--think 1] [--duration 300] [--server-log FILE] [--db-host ... --db-password ...]

Setup, as the administrator: one representative per virtual user (load_rep_NN, login =
password, in 华东一部 with an employee), one public-pool customer per round; then each user
registers a customer of their own (not measured; it also warms the workers up).

Each round, all users at the same moment (a barrier) claim the round's pool customer, then
submit a registration of the round's shared name; then each, in an order of its own, registers
a new customer, creates a quotation and a lead (the stock operation) for its customer, and
submits an expense against 华东一部's entertainment budget line (¥50 each). ``--think`` pauses
a user between operations (uniform, 0-2 s for 1 s; 0: back to back, the worst case). Refusals
the rules make (a second claim, a duplicate, an expense over budget: UserError) are outcomes;
anything else is an error.

Printed per operation: count, outcomes, throughput, median, p95 and max latency (a registration
or an expense is its two requests, create and submit). Then the database is asked whether a
raced customer got two owners and whether the budget line ended over its amount; a request over
5 s or failed fails the run too (exit 1).
"""

import argparse
import collections
import datetime
import itertools
import os
import random
import re
import sys
import threading
import time

import load_report
import requests

REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
EXPENSE_AMOUNT = 50.0
# Names that resemble no other customer (the duplicate check compares trigrams of the name).
NAME_CHARS = (
    "安百宝北奔博昌辰成诚驰崇创春达大德鼎东多恩发丰峰福富刚高歌冠光广国海瀚浩和恒宏鸿华辉"
    "汇吉佳嘉坚建江杰金锦进晶景九久聚骏凯康科可坤蓝朗乐力立联良林凌龙隆鲁路伦茂美蒙明铭"
    "沐南宁诺鹏平普奇启谦强庆秋泉仁荣瑞润森山尚申升圣盛胜石实世仕顺思松泰腾天通同万旺威"
    "维伟文沃希祥翔欣新信星兴雄旭轩雅亚扬耀野一亿益毅银英盈永优宇元远跃云运泽展振正志智"
    "中众洲卓紫宗"
)
REGISTRATION = "sales.customer.registration"


def random_name(rng, length=5, suffix="科技有限公司"):
    return "".join(rng.choice(NAME_CHARS) for _ in range(length)) + suffix


class RpcError(Exception):
    def __init__(self, name, message, elapsed):
        super().__init__(f"{name}: {message}")
        self.name, self.message, self.elapsed = name, message, elapsed


class Client:
    """One browser-like session: a cookie, JSON-RPC calls, every request timed."""

    def __init__(self, args, timings=None):
        self.url, self.database, self.timeout = args.url, args.database, args.request_timeout
        self.session = requests.Session()
        self.ids = itertools.count(1)
        self.context, self.uid = {}, None
        self.timings = timings  # where each request's seconds go, or None

    def post(self, path, params):
        """(result, seconds); RpcError with the seconds when the server refuses."""
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(self.ids)}
        start = time.perf_counter()
        try:
            response = self.session.post(self.url + path, json=payload, timeout=self.timeout)
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
        params = {"db": self.database, "login": login, "password": password}
        info, _elapsed = self.post("/web/session/authenticate", params)
        if not info.get("uid"):
            raise SystemExit(f"error: {login} cannot log in to {self.database}.")
        self.uid, self.context = info["uid"], info["user_context"]

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self.post(f"/web/dataset/call_kw/{model}/{method}", params)

    def value(self, model, method, *args, **kwargs):
        return self.call(model, method, *args, **kwargs)[0]

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        domain = [("module", "=", module), ("name", "=", name)]
        rows = self.value("ir.model.data", "search_read", domain, fields=["res_id"])
        if not rows:
            raise SystemExit(f"error: {xmlid} is missing: the load test needs the demo data.")
        return rows[0]["res_id"]


class Scenario:
    def __init__(self, args):
        self.args = args
        self.run_id = f"{random.randrange(16**6):06x}"
        self.rng = random.Random(self.run_id)
        self.lock = threading.Lock()
        self.latency = collections.defaultdict(list)
        self.outcomes = collections.defaultdict(collections.Counter)
        self.examples = {}  # (operation, outcome): the first message
        self.errors = []
        self.slow = collections.Counter()  # operation: its requests over 5 s
        self.claims = collections.defaultdict(list)  # pool customer: uids whose claim passed
        self.timings = []  # every request of the measured phase
        self.barrier = threading.Barrier(args.users, timeout=60)
        self.deadline = None

    # === SETUP === #
    def setup(self):
        admin = Client(self.args)
        admin.login(self.args.admin_login, self.args.admin_password)
        refs = {
            "team": "sales_governance.crm_team_east1_demo",
            "line": "sales_expense_budget.sales_expense_budget_east1_demo_line_entertainment",
            "expense_product": "sales_expense_budget.product_sales_expense_entertainment",
            "product": "sales_governance.product_led_street_lamp_demo",
            "rep_group": "sales_governance.group_sales_rep",
            "user_group": "base.group_user",
            "rep1": "sales_governance.user_rep1_demo",
            "cn": "base.cn",
        }
        self.ids = {key: admin.ref(xmlid) for key, xmlid in refs.items()}
        (rep1,) = admin.value("res.users", "read", [self.ids["rep1"]], ["company_id", "lang"])
        company = rep1["company_id"][0]
        self.users = []
        for number in range(1, self.args.users + 1):
            login, name = f"load_rep_{number:02d}", f"负载代表{number:02d}"
            found = admin.value("res.users", "search", [("login", "=", login)])
            uid = found[0] if found else None
            if not uid:
                groups = [(4, self.ids["user_group"]), (4, self.ids["rep_group"])]
                vals = {"name": name, "login": login, "password": login, "lang": rep1["lang"]}
                vals.update(company_id=company, company_ids=[(6, 0, [company])], group_ids=groups)
                uid = admin.value("res.users", "create", vals)
                vals = {"name": name, "user_id": uid, "company_id": company}
                admin.value("hr.employee", "create", vals)
            self.users.append((login, uid))
        members = [(4, uid) for _login, uid in self.users]
        admin.value("crm.team", "write", [self.ids["team"]], {"member_ids": members})
        # one public-pool customer per round: created by the administrator, then released
        self.pool = []
        for round_no in range(self.args.rounds):
            name = random_name(self.rng, 5, f"公共池客户{self.run_id}{round_no:02d}")
            vals = {"name": name, "is_company": True, "customer_rank": 1}
            partner_id = admin.value("res.partner", "create", vals | {"country_id": self.ids["cn"]})
            (partner,) = admin.value("res.partner", "read", [partner_id], ["ownership_state"])
            if partner["ownership_state"] != "pool":
                admin.value("res.partner", "action_release", [partner_id])
            self.pool.append(partner_id)
        self.same_names = [random_name(self.rng, 4, "照明工程有限公司") for _ in self.pool]
        (line,) = admin.value(
            "sales.expense.budget.line", "read", [self.ids["line"]], ["remaining_amount"]
        )
        self.budget_left = line["remaining_amount"]
        # log every user in, with a customer of their own, before the clock starts
        self.states = {}
        for login, uid in self.users:
            client = Client(self.args)
            client.login(login, login)
            (user,) = client.value("res.users", "read", [uid], ["employee_id"])
            self.states[login] = {
                "customer": self.own_customer(client),
                "employee": user["employee_id"][0],
            }

    def own_customer(self, client):
        for _attempt in range(5):
            reg_id = client.value(
                REGISTRATION, "create", {"name": random_name(self.rng), "city": "合肥"}
            )
            client.value(REGISTRATION, "action_submit", [reg_id])
            (reg,) = client.value(REGISTRATION, "read", [reg_id], ["state", "partner_id"])
            if reg["state"] == "registered":
                return reg["partner_id"][0]
        raise SystemExit("error: no registration of a new customer went through in 5 tries.")

    # === OPERATIONS === #
    def record(self, operation, seconds, outcome, detail=None):
        with self.lock:
            self.latency[operation].append(seconds)
            self.outcomes[operation][outcome] += 1
            if detail:
                self.examples.setdefault((operation, outcome), detail)
            if outcome == "error":
                self.errors.append(f"{operation}: {detail}")

    def timed(self, operation, calls, steps=()):
        """Run the calls in turn (each gets the previous result, returns (result, seconds));
        record under ``operation`` the sum of their request times and the outcome, and each
        call's time under its step name when ``steps`` names them."""
        seconds, result = 0.0, None
        try:
            for call, step in itertools.zip_longest(calls, steps):
                result, elapsed = call(result)
                seconds += elapsed
                self.count_slow(operation, elapsed)
                if step:
                    self.record(f"{operation}: {step}", elapsed, "ok")
        except RpcError as exc:
            self.count_slow(operation, exc.elapsed)
            refused = exc.name in REFUSALS
            outcome = f"refused ({exc.name.rsplit('.', 1)[-1]})" if refused else "error"
            self.record(operation, seconds + exc.elapsed, outcome, exc.message[:80])
            return None
        except requests.RequestException as exc:
            self.record(operation, seconds, "error", repr(exc))
            return None
        self.record(operation, seconds, "ok")
        return result

    def count_slow(self, operation, seconds):
        if seconds > load_report.SLOW:
            with self.lock:
                self.slow[operation] += 1

    def sync(self):
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            pass  # a user stopped: the others go on without waiting

    def claim_same(self, client, _state, round_no):
        partner_id = self.pool[round_no]
        claim = [lambda _r: client.call("res.partner", "action_claim", [partner_id])]
        if self.timed("claim (same customer)", claim):
            with self.lock:
                self.claims[partner_id].append(client.uid)

    def register_same(self, client, _state, round_no):
        """Every user submits the round's name at the same moment (after creating it)."""
        vals = {"name": self.same_names[round_no], "city": "合肥"}
        created = self.timed(
            "register (same name): create", [lambda _r: client.call(REGISTRATION, "create", vals)]
        )
        self.sync()
        if created:
            submit = [lambda _r: client.call(REGISTRATION, "action_submit", [created])]
            self.timed("register (same name)", submit)

    def register_new(self, client, _state, _round_no, rng):
        vals = {"name": random_name(rng), "city": "合肥"}
        self.timed(
            load_report.REGISTER_NEW,
            [
                lambda _r: client.call(REGISTRATION, "create", vals),
                lambda reg_id: client.call(REGISTRATION, "action_submit", [reg_id]),
            ],
            ("create", "submit"),
        )

    def quotation(self, client, state, _round_no, _rng):
        line = {"product_id": self.ids["product"], "product_uom_qty": 2}
        vals = {"partner_id": state["customer"], "order_line": [(0, 0, line)]}
        self.timed("quotation", [lambda _r: client.call("sale.order", "create", vals)])

    def expense(self, client, state, round_no, _rng):
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
                lambda _r: client.call("hr.expense", "create", vals),
                lambda expense_id: client.call("hr.expense", "action_submit", [expense_id]),
            ],
            ("create", "submit"),
        )

    def lead(self, client, state, round_no, _rng):
        vals = {
            "name": f"负载测试商机 {client.uid} {round_no}",
            "type": "opportunity",
            "partner_id": state["customer"],
            "expected_revenue": 50000,
        }
        self.timed(load_report.LEAD, [lambda _r: client.call("crm.lead", "create", vals)])

    def user(self, login):
        client = Client(self.args, self.timings)
        rng = random.Random(f"{self.run_id}{login}")
        state = self.states[login]
        try:
            client.login(login, login)
            for round_no in range(self.args.rounds):
                if time.monotonic() > self.deadline:
                    break
                self.sync()
                self.claim_same(client, state, round_no)
                self.register_same(client, state, round_no)
                mixed = [self.register_new, self.quotation, self.expense, self.lead]
                rng.shuffle(mixed)
                for operation in mixed:
                    if self.args.think:
                        time.sleep(rng.uniform(0, 2 * self.args.think))
                    operation(client, state, round_no, rng)
        except Exception as exc:  # a user who stops is a failure, reported below
            with self.lock:
                self.errors.append(f"{login} stopped: {exc!r}")
        finally:
            self.barrier.abort()  # nobody waits for a user who has stopped

    def run(self):
        self.deadline = time.monotonic() + self.args.duration
        threads = [threading.Thread(target=self.user, args=(login,)) for login, _ in self.users]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause, seconds")
    parser.add_argument("--duration", type=float, default=300, help="seconds, at most")
    parser.add_argument("--workers", type=int, default=0, help="for the report")
    parser.add_argument("--server-log", help="the server's log, for its retries")
    parser.add_argument("--request-timeout", type=float, default=30)
    parser.add_argument("--admin-login", default="admin")
    parser.add_argument("--admin-password", default="admin")
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-port", type=int, default=5432)
    parser.add_argument("--db-user", default="odoo")
    parser.add_argument("--db-password", default="odoo")
    args = parser.parse_args()
    if not re.match(r"http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]", args.url):
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
    load_before = os.getloadavg()[0]
    wall = scenario.run()
    failures = load_report.check(scenario, load_report.report(scenario, wall, load_before))
    for failure in failures:
        print(f"FAIL: {failure}")
    print("load: ok" if not failures else f"load: {len(failures)} checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
