from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import SalesGovernanceCase

# Valid unified social credit codes (check digit included).
USCC_A = "91340100MA2N00001Q"


@tagged("post_install", "-at_install")
class TestRegistration(SalesGovernanceCase):
    """SPEC 5.1 报备: the first reporter owns; duplicates are refused, near-duplicates decided."""

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
        self.assertIn(self.customer_a, registration.match_partner_ids)
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
class TestEnforcement(SalesGovernanceCase):
    """SPEC 5.1 Enforcement: nobody but the owner, their managers and directors works on a
    protected customer without an approved access request."""

    def test_other_rep_cannot_open_lead_or_quotation(self):
        """Another rep's lead or quotation on a protected customer is refused, naming the owner."""
        with self.assertRaisesRegex(UserError, "Rep A"):
            self.env["crm.lead"].with_user(self.rep_b).create(
                {"name": "Poach", "partner_id": self.customer_a.id}
            )
        with self.assertRaisesRegex(UserError, "Request Access"):
            self.env["sale.order"].with_user(self.rep_b).create({"partner_id": self.customer_a.id})

    def test_other_rep_cannot_move_a_lead_to_protected_customer(self):
        """Moving one's own lead onto someone else's customer is refused."""
        with self.assertRaises(UserError):
            self.lead_b.with_user(self.rep_b).write({"partner_id": self.customer_a.id})

    def test_owner_manager_and_director_may_work(self):
        """The owner, the owner's manager and a director may create leads for the customer."""
        for user in (self.rep_a, self.manager_a, self.director):
            lead = (
                self.env["crm.lead"]
                .with_user(user)
                .create(
                    {
                        "name": f"By {user.name}",
                        "partner_id": self.customer_a.id,
                        "user_id": user.id,
                    }
                )
            )
            self.assertEqual(lead.partner_id, self.customer_a)
        with self.assertRaises(UserError):
            self.env["crm.lead"].with_user(self.manager_b).create(
                {"name": "Other team", "partner_id": self.customer_a.id}
            )

    def test_activity_and_message_on_protected_customer_refused(self):
        """An employee outside sales can neither schedule an activity nor post on a protected customer."""
        with self.assertRaises(UserError):
            self.env["mail.activity"].with_user(self.employee).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.customer_a.id,
                    "summary": "Call them",
                }
            )
        with self.assertRaises(UserError):
            self.customer_a.with_user(self.employee).message_post(body="Hello")
        self.customer_a.with_user(self.rep_a).message_post(body="Visited today")

    def test_owner_cannot_rewrite_owner_by_rpc(self):
        """Owner and ownership state change only through logged actions."""
        with self.assertRaises(UserError):
            self.customer_a.with_user(self.rep_a).write({"user_id": self.rep_a2.id})
        with self.assertRaises(UserError):
            self.customer_a.with_user(self.rep_a).write({"ownership_state": "pool"})
        with self.assertRaises(UserError):
            self.pool_customer.with_user(self.rep_a).write({"ownership_state": "protected"})


@tagged("post_install", "-at_install")
class TestAccessRequest(SalesGovernanceCase):
    """SPEC 5.1 access requests: the owner or their manager decides."""

    def _request(self, request_type="collaborate"):
        return (
            self.env["sales.customer.access.request"]
            .with_user(self.rep_b)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "request_type": request_type,
                    "reason": "Their Wuhu branch asked me",
                }
            )
        )

    def test_collaboration_grants_access(self):
        """Once the owner approves, the requester sees the customer and may open a lead."""
        request = self._request()
        self.assertEqual(request.owner_id, self.rep_a)
        with self.assertRaises(AccessError):
            request.with_user(self.rep_b).action_approve()
        with self.assertRaises(AccessError):
            request.with_user(self.manager_b).action_approve()
        request.with_user(self.rep_a).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertVisible(self.rep_b, self.customer_a)
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_b)
            .create({"name": "Together", "partner_id": self.customer_a.id})
        )
        self.assertTrue(lead)
        self.assertEqual(self.customer_a.user_id, self.rep_a)

    def test_collaboration_expires(self):
        """After the expiry date the daily job ends the collaboration."""
        request = self._request()
        request.with_user(self.manager_a).action_approve()
        with freeze_time(request.expiry_date + timedelta(days=1)):
            self.env["res.partner"]._cron_ownership()
        self.assertEqual(request.state, "expired")
        self.assertInvisible(self.rep_b, self.customer_a)

    def test_transfer_changes_owner(self):
        """An approved transfer makes the requester the owner, logged."""
        request = self._request("transfer")
        request.with_user(self.manager_a).action_approve()
        self.assertEqual(self.customer_a.user_id, self.rep_b)
        self.assertEqual(self.customer_a.ownership_log_ids[:1].event, "transfer")

    def test_rejected_request_gives_nothing(self):
        """A rejected request leaves the customer hidden, and cannot be reopened by RPC."""
        request = self._request()
        request.with_user(self.rep_a).action_reject()
        self.assertInvisible(self.rep_b, self.customer_a)
        with self.assertRaises(UserError):
            request.with_user(self.rep_b).write({"state": "approved"})


@tagged("post_install", "-at_install")
class TestClaimRelease(SalesGovernanceCase):
    """SPEC 5.1 pool: claim, release, limits, cooldown, contact details."""

    def test_claim_from_pool(self):
        """A rep claims a pool customer and owns it; a second claim is refused."""
        self.pool_customer.with_user(self.rep_a).action_claim()
        self.assertEqual(self.pool_customer.user_id, self.rep_a)
        self.assertEqual(self.pool_customer.ownership_state, "protected")
        self.assertEqual(self.pool_customer.ownership_log_ids.event, "claim")
        with self.assertRaises(UserError):
            self.pool_customer.with_user(self.rep_b).action_claim()

    def test_release_and_cooldown(self):
        """The owner releases to the pool and may not reclaim before the cooldown."""
        self.customer_a.with_user(self.rep_a).action_release()
        self.assertEqual(self.customer_a.ownership_state, "pool")
        self.assertFalse(self.customer_a.user_id)
        with self.assertRaisesRegex(UserError, "30"):
            self.customer_a.with_user(self.rep_a).action_claim()
        self.customer_a.with_user(self.rep_b).action_claim()
        self.assertEqual(self.customer_a.user_id, self.rep_b)

    def test_holding_limit(self):
        """A rep at the holding limit cannot claim more."""
        self.env.company.max_customers_per_rep = 1
        with self.assertRaisesRegex(UserError, "limit"):
            self.pool_customer.with_user(self.rep_a).action_claim()

    def test_daily_claim_limit(self):
        """The daily claim limit counts registrations and claims of the day."""
        self.env.company.max_claims_per_day = 1
        other = self.pool_customer.copy({"name": "Second Pool", "ownership_state": "pool"})
        self.pool_customer.with_user(self.rep_b).action_claim()
        with self.assertRaisesRegex(UserError, "daily"):
            other.with_user(self.rep_b).action_claim()

    def test_pool_contact_details_hidden_until_claimed(self):
        """Reps see no phone or mail of a pool customer until they claim it; the assistant does."""
        self.pool_customer.write({"phone": "0551-1234567", "email": "a@pool.cn"})
        values = self.pool_customer.with_user(self.rep_a).read(["phone", "email", "name"])[0]
        self.assertFalse(values["phone"])
        self.assertFalse(values["email"])
        self.assertEqual(values["name"], "Pool Customer")
        self.assertEqual(
            self.pool_customer.with_user(self.assistant).read(["phone"])[0]["phone"], "0551-1234567"
        )
        self.assertFalse(self.pool_customer.with_user(self.rep_a).export_data(["phone"])["datas"])
        self.pool_customer.with_user(self.rep_a).action_claim()
        self.assertEqual(
            self.pool_customer.with_user(self.rep_a).read(["phone"])[0]["phone"], "0551-1234567"
        )

    def test_pool_contacts_hidden_from_display_name(self):
        """Asking for names with mail or address does not reveal them for pool customers."""
        self.pool_customer.write({"email": "a@pool.cn", "street": "长江路1号"})
        partner = self.pool_customer.with_user(self.rep_a)
        self.assertNotIn("pool.cn", partner.with_context(show_email=True).display_name)
        self.assertNotIn("长江路", partner.with_context(show_address=True).display_name)
        manager_view = self.pool_customer.with_user(self.manager_a).with_context(show_email=True)
        self.assertIn("pool.cn", manager_view.display_name)

    def test_other_rep_cannot_release(self):
        """A rep cannot release a colleague's customer, not even through sudo-free RPC."""
        with self.assertRaises(AccessError):
            self.customer_a2.with_user(self.rep_a).action_release()


@tagged("post_install", "-at_install")
class TestOwnershipLog(SalesGovernanceCase):
    """The ownership log is evidence: nobody edits or deletes it."""

    def test_log_is_immutable(self):
        """Neither a director nor an administrator can edit, delete or forge the log."""
        self.customer_a.with_user(self.rep_a).action_release()
        log = self.customer_a.ownership_log_ids
        self.assertEqual(log.old_user_id, self.rep_a)
        with self.assertRaises(UserError):
            log.with_user(self.director).write({"reason": "nothing happened"})
        with self.assertRaises(UserError):
            log.with_user(self.director).unlink()
        with self.assertRaises(UserError):
            self.env["sales.customer.ownership.log"].with_user(self.director).create(
                {"partner_id": self.customer_b.id, "event": "claim", "new_user_id": self.rep_a.id}
            )
        with self.assertRaises(UserError):
            log.sudo().write({"reason": "even as superuser"})


@tagged("post_install", "-at_install")
class TestMaintenanceAndCron(SalesGovernanceCase):
    """Maintenance restarts protection; the daily job warns, then marks stale or releases."""

    def test_quotation_by_owner_is_maintenance(self):
        """A quotation by the owner moves the last maintenance date."""
        with freeze_time("2026-03-01 10:00:00"):
            self.env["sale.order"].with_user(self.rep_a).create({"partner_id": self.customer_a.id})
        self.assertEqual(
            self.customer_a.last_maintenance_date,
            fields.Datetime.to_datetime("2026-03-01 10:00:00"),
        )
        self.assertEqual(self.customer_a.protection_end_date, fields.Date.to_date("2026-05-30"))

    def test_done_activity_by_owner_is_maintenance(self):
        """Marking an activity on the customer done counts as maintenance by its owner."""
        activity = self.customer_a.with_user(self.rep_a).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.rep_a.id
        )
        with freeze_time("2026-04-01 09:00:00"):
            activity.with_user(self.rep_a).action_done()
        self.assertEqual(
            self.customer_a.last_maintenance_date,
            fields.Datetime.to_datetime("2026-04-01 09:00:00"),
        )

    def test_customer_class_extends_protection(self):
        """A key customer class keeps protection for 180 days."""
        self.customer_a.customer_class_id = self.env.ref(
            "sales_governance.sales_customer_class_key"
        )
        self.customer_a.sudo().write({"last_maintenance_date": "2026-01-01 00:00:00"})
        self.assertEqual(self.customer_a.protection_end_date, fields.Date.to_date("2026-06-30"))

    def _age(self, partner, maintained):
        partner.write({"last_maintenance_date": maintained})

    def test_cron_warns_once_then_marks_stale_for_manager(self):
        """The owner is warned once before the end, then the manager gets the stale customer."""
        self._age(self.customer_a, "2026-01-01 00:00:00")  # protected until 2026-04-01
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "res.partner"), ("res_id", "=", self.customer_a.id)]
        with freeze_time("2026-03-27"):
            self.env["res.partner"]._cron_ownership()
            self.env["res.partner"]._cron_ownership()
        self.assertEqual(Activity.search(domain).user_id, self.rep_a)
        self.assertEqual(self.customer_a.ownership_state, "protected")
        with freeze_time("2026-04-02"):
            self.env["res.partner"]._cron_ownership()
            self.env["res.partner"]._cron_ownership()
        self.assertEqual(self.customer_a.ownership_state, "stale")
        self.assertEqual(self.customer_a.user_id, self.rep_a)
        self.assertEqual(Activity.search(domain).user_id, self.rep_a)
        manager_todo = Activity.search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.manager_a.partner_id.id)]
        )
        self.assertEqual(len(manager_todo), 1)
        self.assertEqual(manager_todo.user_id, self.manager_a)
        self.assertEqual(self.customer_a.ownership_log_ids.mapped("event"), ["stale"])

    def test_cron_auto_release(self):
        """With automatic release, unmaintained customers and their contacts return to the pool."""
        self.env.company.auto_release = True
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer_a.id})
        self._age(self.customer_a, "2026-01-01 00:00:00")
        with freeze_time("2026-04-05"):
            self.env["res.partner"]._cron_ownership()
        self.assertEqual(self.customer_a.ownership_state, "pool")
        self.assertFalse(self.customer_a.user_id)
        self.assertEqual(contact.ownership_state, "pool")
        log = self.customer_a.ownership_log_ids
        self.assertEqual((log.event, log.old_user_id), ("auto_release", self.rep_a))

    def test_manager_keeps_or_reassigns_stale_customer(self):
        """The manager decides on a stale customer; another team's manager cannot."""
        self._age(self.customer_a, "2026-01-01 00:00:00")
        with freeze_time("2026-04-02"):
            self.env["res.partner"]._cron_ownership()
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.manager_b).action_keep_owner()
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.rep_a).action_keep_owner()
        wizard = (
            self.env["sales.customer.reassign"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_ids": [(6, 0, self.customer_a.ids)],
                    "user_id": self.rep_a2.id,
                    "reason": "三个月未维护",
                }
            )
        )
        wizard.action_reassign()
        self.assertEqual(self.customer_a.user_id, self.rep_a2)
        self.assertEqual(self.customer_a.ownership_state, "protected")
        self.assertEqual(self.lead_a.user_id, self.rep_a2)
        self.assertEqual(self.order_a.user_id, self.rep_a2)

    def test_reassign_outside_team_refused(self):
        """A manager cannot hand a customer to someone outside the teams they lead."""
        wizard = (
            self.env["sales.customer.reassign"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_ids": [(6, 0, self.customer_a.ids)],
                    "user_id": self.rep_b.id,
                    "reason": "x",
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_reassign()

    def test_archived_rep_hands_over(self):
        """Archiving a rep puts their customers in the manager's queue with their open documents."""
        self.rep_a.action_archive()
        self.assertEqual(self.customer_a.ownership_state, "stale")
        self.assertEqual(self.lead_a.user_id, self.manager_a)
        self.assertEqual(self.order_a.user_id, self.manager_a)
        self.assertEqual(self.customer_a.ownership_log_ids.event, "handover")


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
            }
        )
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


@tagged("post_install", "-at_install")
class TestBypasses(SalesGovernanceCase):
    """Ways around the lock that a representative could try over RPC."""

    def test_client_context_cannot_unlock_ownership(self):
        """A context key sent by the client does not let a rep make themselves owner."""
        pool = self.pool_customer.with_user(self.rep_a).with_context(
            sales_governance_ownership_change=True
        )
        with self.assertRaises(UserError):
            pool.write({"ownership_state": "protected", "user_id": self.rep_a.id})

    def test_contact_cannot_be_detached_into_owned_customer(self):
        """Turning a contact into a protected company of one's own is refused."""
        contact = self.env["res.partner"].create(
            {"name": "Clerk", "parent_id": self.pool_customer.id}
        )
        with self.assertRaises(UserError):
            contact.with_user(self.rep_a).write(
                {
                    "parent_id": False,
                    "is_company": True,
                    "ownership_state": "protected",
                    "user_id": self.rep_a.id,
                }
            )

    def test_protection_dates_are_not_writable(self):
        """An owner cannot push the end of protection by writing the maintenance date."""
        with self.assertRaises(UserError):
            self.customer_a.with_user(self.rep_a).write(
                {"last_maintenance_date": "2099-01-01 00:00:00"}
            )

    def test_unassigned_lead_of_protected_customer_cannot_be_taken(self):
        """Taking over an unassigned opportunity of someone else's customer is refused."""
        lead = self.env["crm.lead"].create(
            {"name": "Orphan", "partner_id": self.customer_a.id, "user_id": False, "team_id": False}
        )
        with self.assertRaises(UserError):
            lead.with_user(self.rep_b).write({"user_id": self.rep_b.id})

    def test_activity_cannot_be_moved_onto_protected_customer(self):
        """An activity cannot be moved onto a customer its author may not work on."""
        activity = self.pool_customer.with_user(self.rep_b).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.rep_b.id
        )
        with self.assertRaises(UserError):
            activity.with_user(self.rep_b).write({"res_id": self.customer_a.id})

    def test_registration_outcome_cannot_be_forged(self):
        """A registration created as pending with a made-up result is refused; a draft with
        the values the form sends (its defaults) is not."""
        Registration = self.env["sales.customer.registration"].with_user(self.rep_b)
        with self.assertRaises(AccessError):
            Registration.create({"name": "伪造公司", "state": "pending", "match_info": "nothing"})
        with self.assertRaises(AccessError):
            Registration.create({"name": "伪造公司", "user_id": self.rep_a.id})
        self.assertFalse(Registration.search([("name", "=", "伪造公司")]))
        registration = Registration.create(
            {"name": "伪造公司", "state": "draft", "user_id": self.rep_b.id, "match_info": False}
        )
        self.assertEqual((registration.state, registration.user_id), ("draft", self.rep_b))
        with self.assertRaises(AccessError):
            registration.write({"user_id": self.rep_a.id})
        registration.write({"user_id": self.rep_b.id, "phone": "0551-1"})

    def test_access_request_cannot_change_kind(self):
        """A request cannot be made approved, nor a pending collaboration request turned into
        a transfer, nor its owner rewritten so that the real owner no longer sees it."""
        Request = self.env["sales.customer.access.request"].with_user(self.rep_b)
        with self.assertRaises(AccessError):
            Request.create(
                {"partner_id": self.customer_a.id, "reason": "help", "state": "approved"}
            )
        request = Request.create({"partner_id": self.customer_a.id, "reason": "help"})
        self.assertEqual((request.state, request.owner_id), ("pending", self.rep_a))
        with self.assertRaises(UserError):
            request.write({"request_type": "transfer"})
        with self.assertRaises(AccessError):
            request.write({"owner_id": self.rep_b.id})
        request.write({"reason": "help with the tender"})
        self.assertIn(request, request.with_user(self.rep_a).search([]))

    def test_long_city_does_not_hide_a_duplicate(self):
        """A made-up city does not strip the distinctive part of the name."""
        self.customer_a.write({"name": "合肥晨曦照明工程有限公司", "city": "合肥"})
        registration = (
            self.env["sales.customer.registration"]
            .with_user(self.rep_b)
            .create({"name": "合肥晨曦照明工程有限公司", "city": "合肥晨曦"})
        )
        registration.action_submit()
        self.assertEqual(registration.state, "duplicate")

    def test_merge_keeps_ownership_on_a_merged_partner(self):
        """Asking to merge into an unrelated customer does not hand that customer over."""
        self.customer_b.write({"ownership_date": "2025-01-01 00:00:00"})
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.customer_b | self.pool_customer).ids, self.customer_a)
        self.assertEqual(self.customer_a.user_id, self.rep_a)

    def test_manager_keeps_deciding_after_rep_left(self):
        """The manager still decides on the customers of a rep who left."""
        self.rep_a.action_archive()
        self.assertVisible(self.manager_a, self.customer_a)
        self.customer_a.with_user(self.manager_a).action_keep_owner()
        self.assertEqual(self.customer_a.ownership_state, "protected")

    def test_existing_customers_join_the_lock_on_install(self):
        """Customers from before installation become protected for their salesperson, or pool."""
        from ..hooks import post_init_hook

        Partner = self.env["res.partner"]
        old = Partner.create(
            {"name": "老客户甲", "is_company": True, "customer_rank": 1, "user_id": self.rep_b.id}
        )
        free = Partner.create({"name": "老客户乙", "is_company": True, "customer_rank": 1})
        post_init_hook(self.env)
        self.assertEqual((old.ownership_state, old.user_id), ("protected", self.rep_b))
        self.assertEqual(old.ownership_log_ids.event, "register")
        self.assertEqual(free.ownership_state, "pool")

    def test_lead_does_not_copy_pool_contact_details(self):
        """An opportunity opened on a pool customer does not reveal its phone, mail or street."""
        self.pool_customer.write(
            {"phone": "0551-7654321", "email": "boss@pool.cn", "street": "长江路"}
        )
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_a)
            .create({"name": "Pool lead", "partner_id": self.pool_customer.id})
        )
        self.assertFalse(lead.phone)
        self.assertFalse(lead.email_from)
        self.assertFalse(lead.street)
