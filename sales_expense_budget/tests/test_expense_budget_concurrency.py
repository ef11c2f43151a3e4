import uuid

from psycopg2 import errors as pg_errors

from odoo import api, fields, sql_db
from odoo.exceptions import UserError
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL

CATEGORY = "sales_expense_budget.sales_expense_category"


@tagged("post_install", "-at_install")
class TestConcurrentExpenseBudget(BaseCase):
    """Two expenses submitted at the same moment against the last remaining
    amount of a budget line: exactly one passes. Real, separately committed transactions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = get_db_name()
        cls.tag = uuid.uuid4().hex[:8]
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env.company.expense_budget_policy = "block"
            rep = "base.group_user,sales_governance.group_sales_rep"
            reps = [new_test_user(env, f"brace{i}_{cls.tag}", rep) for i in (1, 2)]
            manager = new_test_user(
                env, f"bracem_{cls.tag}", "sales_governance.group_sales_manager"
            )
            team = env["crm.team"].create(
                {
                    "name": f"Race team {cls.tag}",
                    "user_id": manager.id,
                    "member_ids": [(6, 0, [r.id for r in reps])],
                }
            )
            for user in reps:
                env["hr.employee"].create({"name": user.name, "user_id": user.id})
            today = fields.Date.context_today(env["res.users"])
            budget = env["sales.expense.budget"].create(
                {
                    "name": f"Race budget {cls.tag}",
                    "team_id": team.id,
                    "date_from": today,
                    "date_to": today,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "category_id": env.ref(f"{CATEGORY}_{kind}").id,
                                "planned_amount": 1000.0,
                            },
                        )
                        for kind in ("travel", "entertainment")
                    ],
                }
            )
            budget.write({"state": "approved"})
            cls.rep_ids = [r.id for r in reps]
            cls.manager_id = manager.id
            cls.team_id = team.id
            cls.budget_id = budget.id
            cls.line_id, cls.entertainment_line_id = budget.line_ids.sorted(
                lambda line: line.category_id != env.ref(f"{CATEGORY}_travel")
            ).ids
            cls.product_id = env.ref("sales_expense_budget.product_sales_expense_travel").id
            cls.entertainment_id = env.ref(
                "sales_expense_budget.product_sales_expense_entertainment"
            ).id
            cls.today = today

    @classmethod
    def tearDownClass(cls):
        with cls._cursor() as cr:
            cr.execute(
                SQL(
                    "DELETE FROM hr_expense WHERE budget_line_id IN %(lines)s;"
                    "DELETE FROM sales_expense_budget WHERE id = %(budget)s;"
                    "DELETE FROM crm_team_member WHERE crm_team_id = %(team)s;"
                    "DELETE FROM crm_team WHERE id = %(team)s;",
                    lines=(cls.line_id, cls.entertainment_line_id),
                    budget=cls.budget_id,
                    team=cls.team_id,
                )
            )
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            users = env["res.users"].browse([*cls.rep_ids, cls.manager_id])
            users.employee_ids.write({"active": False})
            users.write({"active": False})
        super().tearDownClass()

    @classmethod
    def _cursor(cls):
        return sql_db.db_connect(cls.dbname).cursor()

    def _expense(self, env, amount, product_id=None):
        return env["hr.expense"].create(
            {
                "name": f"Race {amount}",
                "employee_id": env.user.employee_id.id,
                "product_id": product_id or self.product_id,
                "total_amount_currency": amount,
                "date": self.today,
            }
        )

    def test_last_amount_taken_once(self):
        """Two reps submit 600 each against 1000 at once: one is committed, the other is
        refused (its transaction fails on the locked line; the retried request is told)."""
        with self._cursor() as cr:
            late_id = self._expense(api.Environment(cr, self.rep_ids[1], {}), 600.0).id
        with self._cursor() as cr1, self._cursor() as cr2:
            env1 = api.Environment(cr1, self.rep_ids[0], {})
            env2 = api.Environment(cr2, self.rep_ids[1], {})
            late = env2["hr.expense"].browse(late_id)
            # rep 2's snapshot starts before rep 1 commits: it still sees all 1000 left
            self.assertEqual(late.budget_remaining_amount, 1000.0)
            early = self._expense(env1, 600.0)
            early.action_submit()
            cr1.commit()
            with self.assertRaises(pg_errors.SerializationFailure):
                late.action_submit()
            cr2.rollback()
        # what Odoo does with a serialization failure: run the request again
        with self._cursor() as cr:
            late = api.Environment(cr, self.rep_ids[1], {})["hr.expense"].browse(late_id)
            with self.assertRaisesRegex(UserError, "400"):
                late.action_submit()
            cr.rollback()
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT count(*), sum(total_amount) FROM hr_expense "
                    "WHERE budget_line_id = %s AND state = 'submitted'",
                    self.line_id,
                )
            )
            self.assertEqual(cr.fetchone(), (1, 600.0))
            cr.execute(
                SQL(
                    "SELECT committed_amount FROM sales_expense_budget_line WHERE id = %s",
                    self.line_id,
                )
            )
            self.assertEqual(cr.fetchone()[0], 600.0)

    def test_draft_does_not_race_a_submit(self):
        """A rep drafts an expense on the line another rep's submit has just committed to,
        in a transaction that started before: no conflict, as a draft changes no amount
        (it writes neither the line's nor the budget's row)."""
        with self._cursor() as cr1, self._cursor() as cr2:
            env1 = api.Environment(cr1, self.rep_ids[0], {})
            env2 = api.Environment(cr2, self.rep_ids[1], {})
            cr2.execute("SELECT 1")  # rep 2's snapshot starts here
            self._expense(env1, 100.0, self.entertainment_id).action_submit()
            cr1.commit()
            draft = self._expense(env2, 50.0, self.entertainment_id)
            env2.flush_all()
            self.assertEqual(draft.budget_line_id.id, self.entertainment_line_id)
            cr2.commit()
        with self._cursor() as cr:
            line = api.Environment(cr, self.rep_ids[1], {})["sales.expense.budget.line"]
            line = line.sudo().browse(self.entertainment_line_id)
            self.assertEqual((line.committed_amount, line.remaining_amount), (100.0, 900.0))
