from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestSalesTarget(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Target = cls.env["sales.target"].with_user(cls.director)
        cls.year = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
        cls.company_target = Target.create({"name": "2026", "target_amount": 12000, **cls.year})
        cls.team_a_target = Target.create(
            {
                "name": "2026 A",
                "parent_id": cls.company_target.id,
                "team_id": cls.team_a.id,
                "target_amount": 7200,
                **cls.year,
            }
        )
        cls.team_b_target = Target.create(
            {
                "name": "2026 B",
                "parent_id": cls.company_target.id,
                "team_id": cls.team_b.id,
                "target_amount": 4800,
                **cls.year,
            }
        )

    def _rep_target(self, user, rep, amount, **vals):
        return (
            self.env["sales.target"]
            .with_user(user)
            .create(
                {
                    "name": f"2026 {rep.name}",
                    "parent_id": self.team_a_target.id,
                    "user_id": rep.id,
                    "target_amount": amount,
                    **self.year,
                    **vals,
                }
            )
        )

    def test_cascade_and_balance(self):
        """Levels follow from what is set; the split shows what is left and flags imbalance."""
        self.assertEqual(self.company_target.level, "company")
        self.assertEqual(self.team_a_target.level, "team")
        self.assertTrue(self.company_target.is_balanced)
        self.company_target.with_user(self.director).action_confirm()
        rep_target = self._rep_target(self.manager_a, self.rep_a, 4000)
        self.assertEqual(rep_target.level, "rep")
        self.assertEqual(rep_target.team_id, self.team_a)
        self.assertFalse(self.team_a_target.is_balanced)
        self.assertEqual(self.team_a_target.children_amount, 4000)
        self.assertEqual(self.team_a_target.unallocated_amount, 3200)
        with self.assertRaisesRegex(UserError, "3,200"):
            self.team_a_target.with_user(self.director).action_confirm()
        self._rep_target(self.manager_a, self.rep_a2, 3200)
        self.assertTrue(self.team_a_target.is_balanced)
        self.team_a_target.with_user(self.director).action_confirm()
        self.assertEqual(self.team_a_target.state, "confirmed")
        with self.assertRaises(UserError):
            self.team_a_target.with_user(self.director).write({"target_amount": 1})

    def test_list_totals_one_level(self):
        """The target list adds one level at a time: the company level totals the company's
        target, not the same amount again for every level of the cascade."""
        self._rep_target(self.manager_a, self.rep_a, 4000)
        self._rep_target(self.manager_a, self.rep_a2, 3200)
        Target = self.env["sales.target"].with_user(self.director)
        totals = dict(
            Target._read_group(
                [("id", "child_of", self.company_target.id)], ["level"], ["target_amount:sum"]
            )
        )
        self.assertEqual(totals["company"], 12000)
        self.assertEqual(totals["team"], 12000)
        self.assertEqual(totals["rep"], 7200)
        # The list has no grand total (it would add every level) and opens grouped by level.
        arch = Target.get_view(self.env.ref("sales_kpi.sales_target_view_list").id)["arch"]
        self.assertNotIn("sum=", arch)
        action = self.env.ref("sales_kpi.sales_target_action")
        self.assertIn("'search_default_group_level': 1", action.context)

    def test_actual_and_completion(self):
        """Actuals come from the indicator's source: a rep's own, a team's members' sum."""
        rep_target = self._rep_target(self.manager_a, self.rep_a, 4000)
        month = self.env["sales.target"].create(
            {
                "name": "January",
                "user_id": self.rep_a.id,
                "team_id": self.team_a.id,
                "target_amount": 4000,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            }
        )
        self.assertAlmostEqual(month.actual_amount, 2000.0)
        self.assertAlmostEqual(month.completion_rate, 50.0)
        # The yearly target includes February's order too.
        self.assertAlmostEqual(rep_target.actual_amount, 3000.0)
        self.assertAlmostEqual(self.team_a_target.actual_amount, 4000.0)
        # The company's: everyone's confirmed orders of the year (demo data may add some).
        [(everyone,)] = self.env["sale.order"]._read_group(
            [
                ("state", "=", "sale"),
                ("user_id.share", "=", False),
                ("date_order", ">=", "2026-01-01"),
                ("date_order", "<", "2027-01-01"),
            ],
            aggregates=["amount_untaxed:sum"],
        )
        self.assertGreaterEqual(everyone, 4000.0)
        self.assertAlmostEqual(self.company_target.actual_amount, everyone)

    def test_target_completion_source(self):
        """Target completion: sales ÷ the rep's confirmed target, pro rata of a longer one."""
        target = self._rep_target(self.manager_a, self.rep_a, 36500)
        values, _note = self.ind_completion._kpi_values(
            self.date_from, self.date_to, self.rep_a.ids
        )
        self.assertFalse(values, "a draft target does not count")
        target.with_user(self.manager_a).action_confirm()
        values, _note = self.ind_completion._kpi_values(
            self.date_from, self.date_to, self.rep_a.ids
        )
        # 36,500 a year is 3,100 for January's 31 days; 2,000 sold.
        self.assertAlmostEqual(values[self.rep_a.id], 2000 * 100 / 3100)

    def test_new_target_in_the_form(self):
        """The director enters the start date, then the end date: nothing is measured until
        both are there, then the actual shows."""
        with Form(self.env["sales.target"].with_user(self.director)) as form:
            form.name = "Q1"
            form.target_amount = 3000
            form.date_from = "2026-01-01"
            self.assertEqual(form.actual_amount, 0.0)
            form.date_to = "2026-03-31"
            self.assertGreater(form.actual_amount, 0.0)
        self.assertRecordValues(form.record, [{"level": "company", "state": "draft"}])

    def test_split_stays_inside_parent(self):
        """A split outside the parent's period or team, negative or reversed is refused."""
        with self.assertRaises(ValidationError):
            self._rep_target(self.manager_a, self.rep_a, 100, date_to="2027-01-31")
        with self.assertRaises(ValidationError):
            self._rep_target(self.director, self.rep_b, 100)
        with self.assertRaises(ValidationError):
            self._rep_target(self.manager_a, self.rep_a, -5)
        with self.assertRaises(ValidationError):
            self._rep_target(
                self.manager_a, self.rep_a, 5, date_from="2026-06-01", date_to="2026-05-01"
            )
        with self.assertRaises(ValidationError):
            self.env["sales.target"].create(
                {
                    "name": "Margin under sales",
                    "parent_id": self.company_target.id,
                    "team_id": self.team_b.id,
                    "indicator_id": self.ind_margin.id,
                    "target_amount": 1,
                    **self.year,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["sales.target"].create(
                {
                    "name": "Growth",
                    "indicator_id": self.ind_growth.id,
                    "target_amount": 1,
                    **self.year,
                }
            )

    def test_who_sets_what(self):
        """The director sets team targets, a manager splits only their team's, a rep reads."""
        with self.assertRaises(AccessError):
            self.team_a_target.with_user(self.manager_a).write({"target_amount": 1})
        with self.assertRaises(AccessError):
            self.env["sales.target"].with_user(self.manager_a).create(
                {
                    "name": "B by A",
                    "parent_id": self.team_b_target.id,
                    "user_id": self.rep_b.id,
                    "target_amount": 1,
                    **self.year,
                }
            )
        rep_target = self._rep_target(self.manager_a, self.rep_a, 1000)
        rep_target.with_user(self.manager_a).write({"target_amount": 1500})
        with self.assertRaises(AccessError):
            rep_target.with_user(self.rep_a).write({"target_amount": 9000})
        with self.assertRaises(AccessError):
            rep_target.with_user(self.rep_a).action_confirm()
        with self.assertRaises(AccessError):
            self.team_a_target.with_user(self.manager_a).action_confirm()
        with self.assertRaises(AccessError):
            rep_target.with_user(self.manager_a).write({"state": "confirmed"})
        rep_target = rep_target.with_env(self.env)
        self.assertVisible(self.rep_a, rep_target)
        self.assertInvisible(self.rep_a, self.team_a_target | self.company_target)
        self.assertInvisible(self.rep_a2, rep_target)
        self.assertVisible(self.manager_a, rep_target | self.team_a_target)
        self.assertInvisible(self.manager_a, self.team_b_target | self.company_target)
        self.assertInvisible(self.manager_b, rep_target | self.team_a_target)
        self.assertVisible(self.director, rep_target | self.team_a_target | self.company_target)
        self.assertEqual(
            len(rep_target.with_user(self.rep_a).export_data(["target_amount"])["datas"]), 1
        )

    def test_manager_scorecard_counts_the_team(self):
        """A managers' template reads the books of the manager's whole team (members and
        leader) and the team's target; the same manager on a reps' template counts only their
        own books, and a rep's scorecard only the rep's."""
        self.team_a_target.with_user(self.director).action_confirm()
        lines = [
            (self.ind_sales, 40, 3000),
            (self.ind_new, 20, 2),
            (self.ind_collection, 20, 100),
            (self.ind_completion, 20, 100),
        ]
        manager_template = self.env["sales.kpi.template"].create(
            {
                "name": "Manager monthly",
                "tier": "manager",
                "line_ids": [
                    Command.create(
                        {"indicator_id": ind.id, "weight": weight, "target_value": target}
                    )
                    for ind, weight, target in lines
                ],
            }
        )

        def generate(template):
            wizard = (
                self.env["sales.kpi.scorecard.generate"]
                .with_user(self.director)
                .create(
                    {
                        "template_id": template.id,
                        "period_date": "2026-01-15",
                        "team_ids": [Command.set(self.team_a.ids)],
                    }
                )
            )
            return self.env["sales.kpi.scorecard"].search(wizard.action_generate()["domain"])

        [(team_sales,)] = self.env["sale.order"]._read_group(
            [
                ("state", "=", "sale"),
                ("user_id", "in", (self.team_a.member_ids | self.team_a.user_id).ids),
                ("date_order", ">=", "2026-01-01"),
                ("date_order", "<", "2026-02-01"),
            ],
            aggregates=["amount_untaxed:sum"],
        )
        self.assertGreater(team_sales, 2000.0, "rep A2 sold too")
        card = generate(manager_template)
        self.assertEqual(card.user_id, self.manager_a)
        self.assertAlmostEqual(self._line(card, self.ind_sales).actual_value, team_sales)
        self.assertAlmostEqual(self._line(card, self.ind_new).actual_value, 1.0)
        self.assertAlmostEqual(self._line(card, self.ind_collection).actual_value, 25.0)
        self.assertAlmostEqual(
            self._line(card, self.ind_completion).actual_value,
            team_sales * 100 / (7200 * 31 / 365),
        )
        # On the reps' template the manager is a salesperson like the others.
        own = (
            self.env["sales.kpi.scorecard"]
            .sudo()
            ._generate(self.template, self.date_from, self.date_to, self.team_a)
        )
        self.assertNotIn(self.manager_a, own.user_id)
        card_rep = own.filtered(lambda s: s.user_id == self.rep_a)
        self.assertAlmostEqual(self._line(card_rep, self.ind_sales).actual_value, 2000.0)
        mine = self._scorecard(self.manager_a, self.team_a, self.template)
        mine.action_compute()
        self.assertFalse(self._line(mine, self.ind_sales).actual_value)

    def _split_team_a(self):
        """Team A's 7,200 split 3,600 / 3,600 between rep A and rep A2 by manager A."""
        return self._rep_target(self.manager_a, self.rep_a, 3600) | self._rep_target(
            self.manager_a, self.rep_a2, 3600
        )

    def test_director_confirmation_reopened_by_director(self):
        """A target a director confirmed goes back to draft only by a director: not by the
        manager who could then lower it."""
        rep_target, _other = self._split_team_a()
        rep_target.with_user(self.director).action_confirm()
        with self.assertRaises(AccessError):
            rep_target.with_user(self.manager_a).action_draft()
        self.assertEqual(rep_target.state, "confirmed")
        rep_target.with_user(self.director).action_draft()
        self.assertEqual(rep_target.state, "draft")

    def test_manager_reopens_own_confirmation(self):
        """A manager reopens and changes a rep's target they confirmed themselves, while the
        team's target is not confirmed."""
        rep_target, _other = self._split_team_a()
        rep_target.with_user(self.manager_a).action_confirm()
        self.assertEqual(rep_target.confirmed_by_id, self.manager_a)
        rep_target.with_user(self.manager_a).action_draft()
        rep_target.with_user(self.manager_a).write({"target_amount": 3000})
        self.assertEqual(rep_target.target_amount, 3000)

    def test_confirmed_split_keeps_adding_up(self):
        """Under a team target the director confirmed, the manager cannot reopen, lower,
        add to or delete the split; once the director reopens the team target, they can."""
        split = self._split_team_a()
        rep_target = split[0].with_user(self.manager_a)
        rep_target.action_confirm()
        self.team_a_target.with_user(self.director).action_confirm()
        with self.assertRaises(AccessError):
            rep_target.action_draft()
        draft = split[1].with_user(self.manager_a)
        with self.assertRaises(UserError):
            draft.write({"target_amount": 1})
        with self.assertRaises(UserError):
            self._rep_target(self.manager_a, self.presales, 100)
        with self.assertRaises(UserError):
            draft.unlink()
        self.assertEqual(self.team_a_target.children_amount, 7200)
        self.team_a_target.with_user(self.director).action_draft()
        rep_target.action_draft()
        rep_target.write({"target_amount": 3000})
        draft.write({"target_amount": 4200})
        self.assertTrue(self.team_a_target.is_balanced)
