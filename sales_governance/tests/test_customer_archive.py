from odoo.tests import tagged

from .common import SalesGovernanceCase

# Valid unified social credit codes (check digit included).
USCC_A = "91340100MA2N00001Q"


@tagged("post_install", "-at_install")
class TestArchive(SalesGovernanceCase):
    """Customer archive: classification, completeness, lifecycle and value, merge."""

    def test_archive_completeness(self):
        """Completeness says how much of the archive is filled and what is missing."""
        self.assertLess(self.customer_a.archive_completeness, 20)
        self.assertIn("Phone", self.customer_a.archive_missing)
        self.customer_a.with_user(self.assistant).write(
            {
                "phone": "0551-1",
                "email": "a@b.cn",
                "street": "长江路1号",
                "city": "合肥",
                "customer_nature": "enterprise",
                "industry_id": self.env.ref("base.res_partner_industry_C").id,
            }
        )
        # more than half, whatever parts domain addons add to the archive (the credit limit)
        self.assertGreater(self.customer_a.archive_completeness, 50)
        self.assertNotIn("Phone", self.customer_a.archive_missing)

    def test_lifecycle_and_value_tier(self):
        """A confirmed order makes a new customer; its amount sets the value tier."""
        self.env.company.write({"key_customer_amount": 500, "general_customer_amount": 100})
        # Confirmed as server code would (the contract review is not what this test is about).
        self.order_a.write({"state": "sale"})
        self.env["res.partner"]._cron_refresh_archive()
        self.assertEqual(self.customer_a.lifecycle_stage, "new")
        self.assertEqual(self.customer_a.value_tier, "key")
        self.assertEqual(self.customer_b.lifecycle_stage, "potential")
        self.assertEqual(self.customer_b.value_tier, "scattered")

    def test_merge_keeps_earliest_registration(self):
        """Merging two customers keeps the owner who registered first."""
        self.customer_b.write({"ownership_date": "2025-01-01 00:00:00"})
        self.customer_a.write({"ownership_date": "2026-01-01 00:00:00"})
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.customer_a | self.customer_b).ids, self.customer_a)
        self.assertEqual(self.customer_a.user_id, self.rep_b)
        self.assertEqual(self.customer_a.ownership_log_ids[:1].event, "merge")
