from odoo.tests import tagged

from .common import SalesGovernanceCase

# The representative's customer list as the web client asks for it.
CUSTOMER_LIST_SPEC = {
    "display_name": {},
    "phone": {},
    "email": {},
    "user_id": {"fields": {"display_name": {}}},
    "ownership_state": {},
    "protection_end_date": {},
}


@tagged("post_install", "-at_install")
class TestQueryCounts(SalesGovernanceCase):
    """The number of queries of the hot paths does not grow with the archive nor with the
    rules added to them (as Odoo's own ``test_performances.py``): the representative's customer
    list and the duplicate check. A count that grows fails here before it is slow in use."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for index in range(20):
            cls._create_customer(f"Bulk Customer {index}", cls.rep_a, phone=f"0551-66{index:05d}")
        for index in range(20):
            cls.env["res.partner"].create(
                {"name": f"Pool Bulk {index}", "is_company": True, "ownership_state": "pool"}
            )

    def _customer_list(self, user):
        Partner = self.env["res.partner"].with_user(user)
        return Partner.web_search_read(
            [("is_company", "=", True)], CUSTOMER_LIST_SPEC, limit=80, order="name"
        )

    def test_rep_customer_list(self):
        self._customer_list(self.rep_a)  # warm the caches of rules and groups
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            result = self._customer_list(self.rep_a)
        # The count covers what the rules let through: own customers, not others' nor the pool.
        names = {record["display_name"] for record in result["records"]}
        self.assertIn("Bulk Customer 3", names)
        self.assertNotIn("Customer B", names)
        self.assertNotIn("Pool Bulk 3", names)

    def test_duplicate_check(self):
        Check = self.env["sales.duplicate.check"]
        Check._find_duplicates("Warm Up Ltd")
        self.env.invalidate_all()
        # An exact key of an owned customer: one statement for the four keys, no trigram search.
        with self.assertQueryCount(1):
            matches = Check._find_duplicates("Bulk Customer 3", phone="0551-6600003")
        self.assertEqual([(p.name, kind) for p, kind in matches], [("Bulk Customer 3", "name")])
        # Nothing exact: the four keys, then the similar names.
        with self.assertQueryCount(2):
            Check._find_duplicates("Nowhere Trading")
