from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import SalesGovernanceCase

# Valid unified social credit codes (check digit included).
USCC_A = "91340100MA2N00001Q"


@tagged("post_install", "-at_install")
class TestRegistration(SalesGovernanceCase):
    """报备: the first reporter owns; duplicates are refused, near-duplicates decided."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.write(
            {
                "name": "合肥晨曦照明工程有限公司",
                "city": "合肥",
                "phone": "0551-69990001",
                "email": "info@hfchenxi.cn",
                "ownership_date": "2026-01-05 08:00:00",
            }
        )

    def _register(self, user, **vals):
        registration = (
            self.env["sales.customer.registration"]
            .with_user(user)
            .create(
                {"name": "新客户科技有限公司", "country_id": self.env.ref("base.cn").id, **vals}
            )
        )
        registration.action_submit()
        return registration

    def test_new_customer_is_registered_for_reporter(self):
        """Without any match, the reporter owns the new customer at once, and it is logged."""
        registration = self._register(self.rep_b, name="安徽鼎新电气有限公司", contact_name="张工")
        self.assertEqual(registration.state, "registered")
        partner = registration.partner_id
        self.assertEqual(partner.user_id, self.rep_b)
        self.assertEqual(partner.ownership_state, "protected")
        self.assertTrue(partner.ownership_date)
        self.assertEqual(partner.child_ids.user_id, self.rep_b)
        self.assertEqual(partner.ownership_log_ids.event, "register")
        self.assertEqual(
            partner.protection_end_date,
            fields.Date.to_date(partner.ownership_date) + timedelta(days=90),
        )

    def test_same_name_written_differently_is_duplicate(self):
        """Full-width letters, spaces, the city prefix and the legal suffix do not hide a duplicate."""
        registration = self._register(self.rep_b, name=" 晨曦照明工程 （ 有限责任公司） ")
        self.assertEqual(registration.state, "duplicate")
        self.assertIn(self.rep_a.name, registration.match_info)
        self.assertIn("2026-01-05", registration.match_info)
        self.assertFalse(registration.partner_id)

    def test_same_credit_code_is_duplicate(self):
        """The same unified social credit code blocks, whatever the name."""
        self.customer_a.vat = USCC_A
        registration = self._register(self.rep_b, name="完全不同的名字", vat=USCC_A.lower())
        self.assertEqual(registration.state, "duplicate")

    def test_same_phone_with_country_prefix_is_duplicate(self):
        """+86 and punctuation do not hide the same phone number."""
        registration = self._register(self.rep_b, name="另一家公司", phone="+86 0551 6999 0001")
        self.assertEqual(registration.state, "duplicate")

    def test_same_mail_domain_is_duplicate_but_public_mail_is_not(self):
        """A company mail domain identifies a customer; a qq.com address does not."""
        blocked = self._register(self.rep_b, name="甲公司", email="sales@HFCHENXI.cn")
        self.assertEqual(blocked.state, "duplicate")
        self.customer_a.email = "boss@qq.com"
        free = self._register(self.rep_b, name="乙公司", email="someone@qq.com")
        self.assertEqual(free.state, "registered")

    def test_similar_name_goes_to_manager(self):
        """A name only similar to a protected customer waits for the reporter's manager."""
        registration = self._register(self.rep_a2, name="晨曦照明工程科技")
        self.assertEqual(registration.state, "pending")
        # (Rep A2 may not read rep A's customer: the test reads what the registration holds.)
        self.assertIn(self.customer_a, registration.sudo().match_partner_ids)
        with self.assertRaises(AccessError):
            registration.with_user(self.manager_b).action_approve()
        with self.assertRaises(AccessError):
            registration.with_user(self.rep_a2).action_approve()
        registration.with_user(self.manager_a).action_approve()
        self.assertEqual(registration.state, "registered")
        self.assertEqual(registration.partner_id.user_id, self.rep_a2)

    def test_manager_rejects_similar_registration(self):
        """The manager can decide that a similar name is the same customer."""
        registration = self._register(self.rep_a2, name="晨曦照明工程科技")
        registration.with_user(self.manager_a).action_reject()
        self.assertEqual(registration.state, "duplicate")
        self.assertFalse(registration.partner_id)

    def test_chinese_trigram_similarity_works_on_this_database(self):
        """pg_trgm must see Chinese characters as letters on the database Odoo created."""
        self.env.cr.execute("SELECT similarity('晨曦照明工程', '晨曦照明工程科技')")
        self.assertGreater(self.env.cr.fetchone()[0], 0.5)
        self.env.cr.execute("SELECT similarity('晨曦照明工程', '东方电子')")
        self.assertLess(self.env.cr.fetchone()[0], 0.1)

    def test_invalid_credit_code_is_refused(self):
        """An invalid unified social credit code is a clear error and nothing is created."""
        Registration = self.env["sales.customer.registration"].with_user(self.rep_b)
        with self.assertRaises(ValidationError):
            Registration.create(
                {
                    "name": "错误代码公司",
                    "vat": "913401001234567890",
                    "country_id": self.env.ref("base.cn").id,
                }
            )
        self.assertFalse(Registration.search([("name", "=", "错误代码公司")]))

    def test_lookups_are_logged(self):
        """Every duplicate check is logged with who asked what."""
        self._register(self.rep_b, name="晨曦照明工程")
        log = self.env["sales.customer.lookup.log"].search([("user_id", "=", self.rep_b.id)])
        self.assertEqual(len(log), 1)
        self.assertIn("晨曦照明工程", log.query)
        self.assertEqual(log.match_count, 1)
        self.assertFalse(
            self.env["sales.customer.lookup.log"].with_user(self.rep_b).has_access("read")
        )
        self.assertTrue(log.with_user(self.manager_b).has_access("read"))

    def test_submitted_registration_is_frozen(self):
        """A submitted registration, and its state, cannot be rewritten by its reporter."""
        registration = self._register(self.rep_b, name="冻结测试公司")
        with self.assertRaises(UserError):
            registration.with_user(self.rep_b).write({"name": "改名"})
        draft = (
            self.env["sales.customer.registration"]
            .with_user(self.rep_b)
            .create({"name": "草稿公司"})
        )
        with self.assertRaises(UserError):
            draft.write({"state": "registered"})

    def test_creating_a_duplicate_partner_directly_is_refused(self):
        """The form, import or RPC create of a duplicate customer hits the same check."""
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.rep_b).create(
                {"name": "合肥晨曦照明工程有限公司", "is_company": True}
            )
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.rep_b).create(
                {"name": "别名", "is_company": True, "phone": "+86-551-69990001"}
            )

    def test_lead_conversion_cannot_duplicate_customer(self):
        """Converting a lead into a new customer runs the same duplicate check."""
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_b)
            .create(
                {
                    "name": "New project",
                    "partner_name": "合肥晨曦照明工程有限公司",
                    "user_id": self.rep_b.id,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Rep A"):
            lead._handle_partner_assignment(create_missing=True)

    def test_changed_protection_days_apply_to_owned_customers(self):
        """Changing the protection days in Settings moves every protection end date."""
        self.customer_a.write({"last_maintenance_date": "2026-01-01 00:00:00"})
        self.env["res.config.settings"].create({"protection_days": 30}).execute()
        self.assertEqual(self.customer_a.protection_end_date, fields.Date.to_date("2026-01-31"))
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"protection_days": -5}).execute()

    def test_cannot_create_protected_partner_by_rpc(self):
        """A rep cannot make themselves owner by creating a protected partner directly."""
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.rep_b).create(
                {
                    "name": "自封客户",
                    "is_company": True,
                    "ownership_state": "protected",
                    "user_id": self.rep_b.id,
                }
            )


@tagged("post_install", "-at_install")
class TestNoLegacyDuplicateFunction(TransactionCase):
    def test_duplicate_check_needs_no_sql_function(self):
        """The duplicate check is one plain statement: the function of earlier versions is gone."""
        self.env.cr.execute(
            "SELECT 1 FROM pg_proc WHERE proname = 'sales_governance_exact_matches'"
        )
        self.assertFalse(self.env.cr.fetchall())
        rows = self.env["sales.duplicate.check"]._exact_matches([], ["no such name at all"], [], [])
        self.assertEqual(rows, [])
