from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoVisibility(TransactionCase):
    """The demo as its users log in (skipped on a database without demo data): rep3 (吴敏,
    华东二部) cannot read rep1's (李娜, 华东一部) customers nor the pool customer, finds the pool
    customer in the public pool and claims it there; rep1 and manager1 read rep1's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.rep1 = ref("sales_governance.user_rep1_demo", raise_if_not_found=False)
        cls.rep3 = ref("sales_governance.user_rep3_demo", raise_if_not_found=False)
        cls.manager1 = ref("sales_governance.user_manager1_demo", raise_if_not_found=False)
        if cls.rep1:
            cls.rep1_customer = ref("sales_governance.partner_hefei_lighting_demo")
            cls.pool_customer = ref("sales_governance.partner_bengbu_pool_demo")

    def setUp(self):
        super().setUp()
        if not (self.rep1 and self.rep3 and self.manager1):
            self.skipTest("the demo data is not loaded")

    def test_rep1_customers_are_rep1s(self):
        """rep1 and manager1 read rep1's customer with its phone; rep3 neither reads nor finds
        it by its phone, nor fills an opportunity from it."""
        phone = self.rep1_customer.phone
        for user in (self.rep1, self.manager1):
            self.assertEqual(self.rep1_customer.with_user(user).read(["phone"])[0]["phone"], phone)
        Partner = self.env["res.partner"].with_user(self.rep3)
        with self.assertRaises(AccessError):
            self.rep1_customer.with_user(self.rep3).read(["name"])
        self.assertFalse(Partner.search([("phone_mobile_search", "=like", phone[:7] + "%")]))
        rep1_customers = self.env["res.partner"].search(
            [("user_id", "=", self.rep1.id), ("ownership_state", "!=", False)]
        )
        self.assertTrue(rep1_customers)
        self.assertFalse(Partner.search([("id", "in", rep1_customers.ids)]))
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.rep3).onchange(
                {"name": "x", "partner_id": self.rep1_customer.id},
                ["partner_id"],
                {"partner_id": {}, "phone": {}},
            )

    def test_pool_entries_are_listed_not_readable(self):
        """rep3 sees the demo pool customer in the public pool, reads it only once claimed."""
        self.assertEqual(self.pool_customer.ownership_state, "pool")
        Pool = self.env["sales.customer.pool"].with_user(self.rep3)
        entry = Pool.search([("id", "=", self.pool_customer.id)])
        self.assertEqual(entry.name, self.pool_customer.name)
        with self.assertRaises(AccessError):
            self.pool_customer.with_user(self.rep3).read(["phone"])
        entry.action_claim()
        self.assertEqual(
            self.pool_customer.with_user(self.rep3).read(["phone"])[0]["phone"],
            self.pool_customer.phone,
        )
