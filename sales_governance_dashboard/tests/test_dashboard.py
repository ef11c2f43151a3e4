import base64
import json
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.addons.sales_expense_budget.tests.expense_budget_common import ExpenseBudgetCase
from odoo.exceptions import AccessError
from odoo.tests import tagged


def dashboard_data(dashboard):
    return json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))


def filter_domain(data, pivot):
    """The domain the dashboard's global filters add to ``pivot`` with their default values
    (only the relative date periods the dashboards use)."""
    today = fields.Date.today()
    periods = {
        "last_month": (
            fields.Date.start_of(today.replace(day=1) - timedelta(days=1), "month"),
            today.replace(day=1) - timedelta(days=1),
        ),
    }
    domain = []
    for global_filter in data.get("globalFilters", []):
        matching = pivot["fieldMatching"].get(global_filter["id"])
        if matching:
            date_from, date_to = periods[global_filter["defaultValue"]]
            domain += [(matching["chain"], ">=", date_from), (matching["chain"], "<=", date_to)]
    return domain


def pivot_figures(env, data, pivot_id):
    """What the dashboard shows for one pivot: its rows and measures read through the ORM as
    the environment's user, as the spreadsheet's data source reads them."""
    pivot = data["pivots"][pivot_id]
    Model = env[pivot["model"]]
    groupby = [row["fieldName"] for row in pivot["rows"]]
    aggregates = [
        measure["fieldName"]
        if measure["fieldName"] == "__count"
        else f"{measure['fieldName']}:{Model._fields[measure['fieldName']].aggregator}"
        for measure in pivot["measures"]
    ]
    domain = pivot["domain"] + filter_domain(data, pivot)
    return {
        tuple(group[: len(groupby)]): tuple(group[len(groupby) :])
        for group in Model._read_group(domain, groupby, aggregates)
    }


@tagged("post_install", "-at_install")
class TestDashboard(ExpenseBudgetCase):
    """销售管理 dashboard: shipped as data, each figure an ordinary pivot read as the viewer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "sales_governance_dashboard.spreadsheet_dashboard_sales_governance"
        )
        cls.data = dashboard_data(cls.dashboard)
        cls.pivots = cls.data["pivots"]
        cls.stale_b = cls._create_customer("Stale B", cls.rep_b)
        cls.stale_b.sudo().ownership_state = "stale"
        # Budget increases waiting: one per team.
        Increase = cls.env["sales.expense.budget.increase"]
        for manager, line in ((cls.manager_a, cls.line_a), (cls.manager_b, cls.line_b)):
            Increase.with_user(manager).create(
                {"budget_line_id": line.id, "amount": 100.0, "reason": "展会"}
            ).action_submit()
        # Complaints: rep A's on time, rep B's overdue.
        Complaint = cls.env["sales.complaint"]
        cls.complaint_a = Complaint.with_user(cls.rep_a).create(
            {"partner_id": cls.customer_a.id, "description": "灯具损坏"}
        )
        # Received ten days ago: an earlier receipt is recorded by the manager.
        cls.complaint_b = Complaint.with_user(cls.manager_b).create(
            {
                "partner_id": cls.customer_b.id,
                "description": "交货延迟",
                "received_date": fields.Datetime.now() - timedelta(days=10),
            }
        )
        # Last month's scorecards of three reps (the leaderboard's default period).
        manual = cls.env.ref("sales_kpi.sales_kpi_indicator_manual")
        template = (
            cls.env["sales.kpi.template"]
            .sudo()
            .create(
                {
                    "name": "Monthly",
                    "tier": "rep",
                    "line_ids": [Command.create({"indicator_id": manual.id, "weight": 100})],
                }
            )
        )
        last_day = fields.Date.today().replace(day=1) - timedelta(days=1)
        for rank, (user, team, score) in enumerate(
            [(cls.rep_b, cls.team_b, 90.0), (cls.rep_a, cls.team_a, 80.0)], start=1
        ):
            cls.env["sales.kpi.scorecard"].sudo().create(
                {
                    "user_id": user.id,
                    "team_id": team.id,
                    "template_id": template.id,
                    "date_from": last_day.replace(day=1),
                    "date_to": last_day,
                    "state": "reviewed",
                    "total_score": score,
                    "company_rank": rank,
                }
            )

    def _figure(self, user, pivot_id):
        """{first row value: first measure} of a pivot as ``user`` sees it."""
        env = self.env(user=user)
        return {
            group[0] if group else None: values[0]
            for group, values in pivot_figures(env, self.data, pivot_id).items()
        }

    def test_pivots_name_real_fields(self):
        """Every data source names a model and fields that exist, and reads."""
        for data in (self.data, dashboard_data(self._qualification_dashboard() or self.dashboard)):
            for pivot_id, pivot in data["pivots"].items():
                Model = self.env[pivot["model"]]
                for row in pivot["rows"]:
                    self.assertIn(row["fieldName"], Model._fields)
                for measure in pivot["measures"]:
                    name = measure["fieldName"]
                    self.assertTrue(name == "__count" or Model._fields[name].aggregator, name)
                pivot_figures(self.env, data, pivot_id)

    def _qualification_dashboard(self):
        return self.env.ref(
            "sales_qualification.spreadsheet_dashboard_qualification", raise_if_not_found=False
        )

    def test_reps_see_the_dashboard(self):
        """Representatives open the dashboard; employees outside sales do not."""
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.rep_a).search([]))
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.employee).search([]))

    def test_figures_follow_record_rules(self):
        """A rep's figures count their own customers; their manager's count the team's."""
        rep_counts = self._figure(self.rep_a, "1")
        director_counts = self._figure(self.director, "1")
        self.assertEqual(rep_counts.get("protected"), 1)  # Customer A only
        self.assertGreaterEqual(director_counts.get("protected"), 4)
        self.assertEqual(self._figure(self.rep_a, "2"), {})  # Stale B is rep B's
        self.assertEqual(self._figure(self.manager_b, "2"), {self.rep_b: 1})
        self.assertEqual(self._figure(self.manager_a, "2"), {})
        # The public pool counts the same for everyone, from the pool model reps may read.
        self.assertGreaterEqual(self._figure(self.rep_a, "10")[None], 1)
        self.assertEqual(self._figure(self.rep_a, "10"), self._figure(self.director, "10"))

    def test_budget_consumption_by_team_and_category(self):
        """A rep reads their team's budget lines, a manager the teams they lead, the director
        every team's."""
        env = self.env(user=self.rep_a)
        rep = pivot_figures(env, self.data, "5")
        self.assertEqual(set(rep), {(self.team_a, self.travel), (self.team_a, self.entertainment)})
        self.assertEqual(rep[self.team_a, self.travel][0], 1000.0)  # not rep A2's own 300
        manager_b = pivot_figures(self.env(user=self.manager_b), self.data, "5")
        self.assertEqual(set(manager_b), {(self.team_b, self.travel)})
        director = pivot_figures(self.env(user=self.director), self.data, "5")
        self.assertEqual(director[self.team_a, self.travel][0], 1300.0)
        self.assertIn((self.team_b, self.travel), director)

    def test_budget_increases_waiting(self):
        """Managers count the increases of the teams they lead; representatives cannot read
        increases at all (the dashboard's figure falls back to a dash)."""
        self.assertEqual(self._figure(self.manager_a, "9"), {self.team_a: 1})
        self.assertEqual(self._figure(self.manager_b, "9"), {self.team_b: 1})
        self.assertLessEqual(
            {self.team_a: 1, self.team_b: 1}.items(), self._figure(self.director, "9").items()
        )
        with self.assertRaises(AccessError):
            self._figure(self.rep_a, "9")
        cells = self.data["sheets"][0]["cells"]
        self.assertTrue(cells["B5"].startswith('=IFERROR(PIVOT.VALUE(9,"__count")'))

    def test_kpi_leaderboard(self):
        """The period's leaderboard: a rep sees their own line, a manager their team, the
        director everyone, by company rank."""
        self.assertEqual(self._figure(self.rep_a, "6"), {self.rep_a: 2})
        self.assertEqual(self._figure(self.manager_b, "6"), {self.rep_b: 1})
        self.assertLessEqual(
            {self.rep_a: 2, self.rep_b: 1}.items(), self._figure(self.director, "6").items()
        )
        director = pivot_figures(self.env(user=self.director), self.data, "6")
        self.assertEqual(director[(self.rep_b,)], (1, 90.0))

    def test_complaints_open_and_overdue(self):
        """Open and overdue complaints: each rep their own, each manager their team's."""
        self.assertEqual(self._figure(self.rep_a, "7"), {self.rep_a: 1})
        self.assertEqual(self._figure(self.rep_a, "8"), {})
        self.assertEqual(self._figure(self.manager_b, "8"), {self.rep_b: 1})
        self.assertLessEqual(
            {self.rep_a: 1, self.rep_b: 1}.items(), self._figure(self.director, "7").items()
        )
        self.complaint_b.sudo().write({"state": "closed"})
        self.assertEqual(self._figure(self.manager_b, "8"), {})

    def test_pivot_and_graph_labels_in_chinese(self):
        """Headers and measures of the special-contract, customer and complaint analyses read
        Chinese in a zh_CN session: each field the views group by or measure, and every
        numeric field this addon adds (the measures menu), has a translated label."""
        if not self.env["res.lang"]._lang_get("zh_CN"):
            self.skipTest("zh_CN is not installed")
        views = {
            "sale.order": "sales_contract_review.sale_order_view_pivot_special",
            "res.partner": "sales_governance.res_partner_view_pivot",
            "sales.complaint": "sales_quality_loop.sales_complaint_view_pivot",
        }
        for model, xmlid in views.items():
            Model = self.env[model].with_context(lang="zh_CN")
            names = set(re.findall(r'<field name="(\w+)"', self.env.ref(xmlid).arch))
            names |= {
                name
                for name, field in Model._fields.items()
                if field.type in ("integer", "float", "monetary")
                and field.store
                and "sales_governance" in (field._module or "")
            }
            labels = Model.fields_get(list(names), ["string"])
            for name, attrs in labels.items():
                with self.subTest(model=model, field=name):
                    self.assertRegex(attrs["string"], r"[\u4e00-\u9fff]")

    def test_amounts_show_their_currency(self):
        """A cell showing a monetary measure carries no fixed number format: the spreadsheet
        formats it with the company's currency (¥5,000.00, not 5,000.00)."""
        sheet = self.data["sheets"][0]
        pivots = self.data["pivots"]
        for cell, content in sheet["cells"].items():
            match = re.search(r'PIVOT\.VALUE\((\d+),\s*"(\w+)"', str(content))
            if not match:
                continue
            pivot = pivots[match.group(1)]
            field = self.env[pivot["model"]]._fields.get(match.group(2))
            if field is not None and field.type == "monetary":
                with self.subTest(cell=cell):
                    self.assertNotIn(cell, sheet.get("formats", {}))
