import uuid

from odoo import api, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestConcurrentOwnership(BaseCase):
    """Concurrency: two reps registering or claiming one customer at the same moment end
    with exactly one owner. Real, separately committed transactions: the race cannot be
    simulated inside one test transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = get_db_name()
        cls.tag = uuid.uuid4().hex[:8]
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            rep = "base.group_user,sales_governance.group_sales_rep"
            cls.rep1_id = new_test_user(env, f"race1_{cls.tag}", rep).id
            cls.rep2_id = new_test_user(env, f"race2_{cls.tag}", rep).id

    @classmethod
    def tearDownClass(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            # What the test committed goes away with it: the users and their partners (they
            # own nothing any more: each test removes its customers and their logs).
            users = env["res.users"].browse([cls.rep1_id, cls.rep2_id])
            partners = users.partner_id
            cr.execute(
                SQL(
                    "DELETE FROM sales_customer_lookup_log WHERE user_id IN %s",
                    tuple(users.ids),
                )
            )
            users.unlink()
            partners.unlink()
        super().tearDownClass()

    @classmethod
    def _cursor(cls):
        return sql_db.db_connect(cls.dbname).cursor()

    def _cleanup(self, name):
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    "DELETE FROM sales_customer_registration WHERE name = %s;"
                    "DELETE FROM sales_customer_ownership_log WHERE partner_id IN "
                    "(SELECT id FROM res_partner WHERE name = %s);"
                    "DELETE FROM res_partner WHERE name = %s OR parent_id IN "
                    "(SELECT id FROM res_partner WHERE name = %s)",
                    name,
                    name,
                    name,
                    name,
                )
            )

    def _owners(self, name):
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT p.user_id, count(l.id) FROM res_partner p "
                    "LEFT JOIN sales_customer_ownership_log l ON l.partner_id = p.id "
                    "WHERE p.name = %s AND p.ownership_state = 'protected' GROUP BY p.user_id",
                    name,
                )
            )
            return cr.fetchall()

    def test_simultaneous_registrations_have_one_winner(self):
        """Two reps submit the same new customer at once: one owns it, the other is told."""
        name = f"并发报备测试{self.tag}有限公司"
        self.addCleanup(self._cleanup, name)
        with self._cursor() as cr1, self._cursor() as cr2:
            env1 = api.Environment(cr1, self.rep1_id, {})
            env2 = api.Environment(cr2, self.rep2_id, {})
            late = env2["sales.customer.registration"].create({"name": name})
            env2.flush_all()  # rep 2's transaction and snapshot start before rep 1 commits
            early = env1["sales.customer.registration"].create({"name": name})
            early.action_submit()
            cr1.commit()
            with self.assertRaisesRegex(UserError, "same moment"):
                late.action_submit()
            cr2.rollback()
        self.assertEqual(self._owners(name), [(self.rep1_id, 1)])

    def test_simultaneous_claims_have_one_winner(self):
        """Two reps claim the same pool customer at once: one owns it, the other is told."""
        name = f"并发认领测试{self.tag}"
        self.addCleanup(self._cleanup, name)
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner_id = (
                env["res.partner"]
                .create({"name": name, "is_company": True, "ownership_state": "pool"})
                .id
            )
        with self._cursor() as cr1, self._cursor() as cr2:
            env1 = api.Environment(cr1, self.rep1_id, {})
            env2 = api.Environment(cr2, self.rep2_id, {})
            late = env2["sales.customer.pool"].browse(partner_id)
            self.assertTrue(late.name)  # rep 2 has read the pool before rep 1 commits
            env1["sales.customer.pool"].browse(partner_id).action_claim()
            cr1.commit()
            with self.assertRaises(UserError) as refused:
                late.action_claim()
            self.assertNotIsInstance(refused.exception, AccessError)
            cr2.rollback()
        self.assertEqual(self._owners(name), [(self.rep1_id, 1)])
