from datetime import date, datetime

from kpi_reference import REFERENCE_SOURCES, reference_generate, reference_values

from odoo import Command
from odoo.addons.sales_kpi.tests.kpi_common import KpiCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestKpiSources(KpiCase):
    """Each source against crafted books, and every generated number against the one
    hand-written SQL statement of ``kpi_reference``.

    On top of ``KpiCase``'s January (rep A: 2 orders of 1,000, 1,000 a year earlier, an invoice
    of 1,000 with 250 paid, one new customer; rep A2: one order; rep B: nothing):
    revisits   A: 5 and 2 done in January, 1 done in February, one planned; B: 4
    complaints A: 1 in January (1 February); B: 1 in January, without any order
    work logs  A: submitted with 2 visits and a call, a draft with a visit, February's visit;
               B: reviewed with a visit
    expenses   A: 100 submitted (a draft of 40 and February's 60 do not count); B: 25, no sales
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.reps = cls.rep_a | cls.rep_a2 | cls.rep_b
        for user, score, day, state in (
            (cls.rep_a, 5, date(2026, 1, 5), "done"),
            (cls.rep_a, 2, date(2026, 1, 31), "done"),
            (cls.rep_a, 1, date(2026, 2, 2), "done"),
            (cls.rep_a, 3, False, "planned"),
            (cls.rep_b, 4, date(2026, 1, 1), "done"),
        ):
            env["sales.revisit"].create(
                {"partner_id": cls.pool_customer.id, "user_id": user.id, "satisfaction": score}
            ).sudo().write({"state": state, "done_date": day})
        for partner, received in (
            (cls.customer_a, datetime(2026, 1, 1, 0, 0)),
            (cls.customer_a, datetime(2026, 2, 1, 0, 0)),
            (cls.customer_b, datetime(2026, 1, 31, 23, 0)),
        ):
            env["sales.complaint"].create(
                {"partner_id": partner.id, "description": "x", "received_date": received}
            )
        for user, day, state, types in (
            (cls.rep_a, date(2026, 1, 2), "submitted", ["visit", "visit", "call"]),
            (cls.rep_a, date(2026, 1, 3), "draft", ["visit"]),
            (cls.rep_a, date(2026, 2, 1), "submitted", ["visit"]),
            (cls.rep_b, date(2026, 1, 31), "reviewed", ["visit"]),
        ):
            env["sales.work.log"].create(
                {
                    "user_id": user.id,
                    "date": day,
                    "line_ids": [
                        Command.create(
                            {"partner_id": cls.pool_customer.id, "summary": "x", "contact_type": t}
                        )
                        for t in types
                    ],
                }
            ).sudo().write({"state": state})
        travel = env.ref("sales_expense_budget.product_sales_expense_travel")
        for user in (cls.rep_a, cls.rep_b):
            env["hr.employee"].create({"name": user.name, "user_id": user.id})
        expenses = env["hr.expense"].create(
            [
                {
                    "name": f"Trip {amount}",
                    "employee_id": user.employee_id.id,
                    "product_id": travel.id,
                    "total_amount_currency": amount,
                    "date": day,
                }
                for user, amount, day in (
                    (cls.rep_a, 100.0, date(2026, 1, 10)),
                    (cls.rep_a, 40.0, date(2026, 1, 11)),
                    (cls.rep_a, 60.0, date(2026, 2, 2)),
                    (cls.rep_b, 25.0, date(2026, 1, 5)),
                )
            ]
        )
        env.flush_all()
        # Crafted states: the approval flow is the budgets' tests' business.
        env.cr.execute(
            "UPDATE hr_expense SET state = 'submitted' WHERE id = ANY(%s)",
            [(expenses[0] | expenses[2] | expenses[3]).ids],
        )
        env.invalidate_all()

    def _values(self, indicator):
        values, note = indicator._kpi_values(self.date_from, self.date_to, self.reps.ids)
        self.assertFalse(note)
        return {user: round(values[user.id], 6) for user in self.reps if user.id in values}

    def _indicator(self, source):
        return self.Indicator.search([("source", "=", source)], limit=1)

    def test_satisfaction(self):
        """Mean of the revisits done in the period (1–5), per rep."""
        self.assertEqual(
            self._values(self._indicator("satisfaction")), {self.rep_a: 3.5, self.rep_b: 4.0}
        )

    def test_complaint_rate(self):
        """Complaints received ÷ confirmed orders, in %: A 1 of 2 orders; B's complaint
        without an order counts against one."""
        self.assertEqual(self._values(self.ind_complaints), {self.rep_a: 50.0, self.rep_b: 100.0})

    def test_visits(self):
        """Visit lines of submitted or reviewed logs dated in the period."""
        self.assertEqual(self._values(self._indicator("visits")), {self.rep_a: 2, self.rep_b: 1})

    def test_expense_ratio(self):
        """Committed expenses ÷ sales in %, the indicator's unit: 100 ÷ 2,000 is 5 (not 0.05),
        so a 5% target scores 100; expenses without sales score nothing."""
        indicator = self._indicator("expense_ratio")
        self.assertEqual(indicator.unit, "%")
        self.assertEqual(self._values(indicator), {self.rep_a: 5.0, self.rep_b: 2500.0})
        template = self.env["sales.kpi.template"].create(
            {
                "name": "Expenses",
                "line_ids": [
                    Command.create({"indicator_id": indicator.id, "weight": 100, "target_value": 5})
                ],
            }
        )
        cards = self.env["sales.kpi.scorecard"]._generate(
            template, self.date_from, self.date_to, self.team_a | self.team_b
        )
        scores = {card.user_id: card.total_score for card in cards}
        self.assertAlmostEqual(scores[self.rep_a], 100.0)
        self.assertAlmostEqual(scores[self.rep_b], 0.2)
        self.assertAlmostEqual(scores[self.rep_a2], 120.0)  # nothing spent: the cap

    def test_collection_rate(self):
        """Paid ÷ invoiced on posted customer invoices dated in the period, in %."""
        self.assertEqual(self._values(self.ind_collection), {self.rep_a: 25.0})

    def test_growth_rate(self):
        """Sales ÷ the same period a year earlier − 1, in %."""
        self.assertEqual(self._values(self.ind_growth), {self.rep_a: 100.0})

    def test_new_customers(self):
        """Customers whose protection began in the period (register, claim, transfer), from the
        ownership log; a release and December's claim do not count."""
        self.assertEqual(self._values(self.ind_new), {self.rep_a: 1})

    def test_sales_and_margin(self):
        self.assertEqual(self._values(self.ind_sales)[self.rep_a], 2000.0)
        self.assertEqual(set(self._values(self.ind_margin)), {self.rep_a, self.rep_a2})

    def test_generated_numbers_equal_hand_written_sql(self):
        """Every computed actual of every source equals the one hand-written SQL aggregate's."""
        indicators = self.env["sales.kpi.indicator"].search([("source", "in", REFERENCE_SOURCES)])
        self.assertEqual(len(indicators), len(REFERENCE_SOURCES))
        template = self.env["sales.kpi.template"].create(
            {
                "name": "Reference",
                "line_ids": [
                    Command.create({"indicator_id": indicator.id, "weight": 10, "target_value": 1})
                    for indicator in indicators
                ],
            }
        )
        # A confirmed yearly target for rep A, so that completion has a figure.
        self.env["sales.target"].create(
            {
                "name": "Rep A 2026",
                "user_id": self.rep_a.id,
                "team_id": self.team_a.id,
                "target_amount": 50000,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
            }
        ).action_confirm()
        teams = self.team_a | self.team_b
        scorecards = self.env["sales.kpi.scorecard"]._generate(
            template, self.date_from, self.date_to, teams
        )
        expected = reference_values(
            self.env.cr, self.date_from, self.date_to, scorecards.user_id.ids
        )
        # The crafted books, as the statement reads them.
        a, b = self.rep_a.id, self.rep_b.id
        self.assertAlmostEqual(expected[a, "sales_amount"], 2000.0)
        self.assertAlmostEqual(expected[a, "growth_rate"], 100.0)
        self.assertAlmostEqual(expected[a, "collection_rate"], 25.0)
        self.assertAlmostEqual(expected[a, "target_completion"], 2000 * 100 / (50000 * 31 / 365))
        self.assertAlmostEqual(expected[a, "satisfaction"], 3.5)
        self.assertAlmostEqual(expected[a, "complaint_rate"], 50.0)
        self.assertAlmostEqual(expected[a, "expense_ratio"], 5.0)
        self.assertAlmostEqual(expected[a, "visits"], 2.0)
        self.assertAlmostEqual(expected[b, "expense_ratio"], 2500.0)
        self.assertEqual(len(scorecards.line_ids), len(scorecards) * len(REFERENCE_SOURCES))
        for line in scorecards.line_ids:
            with self.subTest(user=line.user_id.name, source=line.source):
                self.assertAlmostEqual(
                    line.actual_value, expected[line.user_id.id, line.source], places=6
                )
                # Inserted in bulk by the computation: when, but no author.
                self.assertFalse(line.create_uid)
                self.assertTrue(line.create_date)

    def test_hand_written_generation_writes_the_same_rows(self):
        """The benchmark's hand-written generation writes what ``_generate`` writes: the same
        lines (actual, achievement, score, weighted score), totals and ranks."""
        indicators = self.env["sales.kpi.indicator"].search([("source", "in", REFERENCE_SOURCES)])
        template = self.env["sales.kpi.template"].create(
            {
                "name": "Reference",
                "line_ids": [
                    Command.create(
                        {"indicator_id": indicator.id, "weight": 10, "target_value": target}
                    )
                    for indicator, target in zip(indicators, range(1, 11), strict=True)
                ],
            }
        )
        teams = self.team_a | self.team_b

        def rows(scorecards):
            lines = {
                (line.user_id.id, line.indicator_id.id): (
                    round(line.actual_value, 6),
                    round(line.achievement, 6),
                    round(line.score, 6),
                    round(line.weighted_score, 6),
                )
                for line in scorecards.line_ids
            }
            cards = {
                card.user_id.id: (card.team_id.id, round(card.total_score, 6), card.rank)
                for card in scorecards
            }
            return lines, cards

        Scorecard = self.env["sales.kpi.scorecard"]
        generated = Scorecard._generate(template, self.date_from, self.date_to, teams)
        expected = rows(generated)
        self.assertEqual(len(expected[0]), 10 * len(generated))
        generated.unlink()
        ids = reference_generate(
            self.env.cr, template, self.date_from, self.date_to, teams, self.env.uid
        )
        self.env.invalidate_all()
        self.assertEqual(rows(Scorecard.browse(ids)), expected)
