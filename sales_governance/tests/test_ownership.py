from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SalesGovernanceCase

# Valid unified social credit codes (check digit included).
USCC_A = "91340100MA2N00001Q"


@tagged("post_install", "-at_install")
class TestEnforcement(SalesGovernanceCase):
    """Enforcement: nobody but the owner, their managers and directors works on a
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
class TestClaimRelease(SalesGovernanceCase):
    """Pool: claim, release, limits, cooldown. Representatives see the pool and claim from it
    (``sales.customer.pool``), never the pool customer itself before it is theirs."""

    def _claim(self, user, partner):
        return self.env["sales.customer.pool"].with_user(user).browse(partner.id).action_claim()

    def test_claim_from_pool(self):
        """A rep claims a pool customer and owns it; a second claim is refused."""
        action = self._claim(self.rep_a, self.pool_customer)
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("res.partner", self.pool_customer.id)
        )
        self.assertEqual(self.pool_customer.user_id, self.rep_a)
        self.assertEqual(self.pool_customer.ownership_state, "protected")
        self.assertEqual(self.pool_customer.ownership_log_ids.event, "claim")
        with self.assertRaises(UserError):
            self._claim(self.rep_b, self.pool_customer)

    def test_pool_shows_name_city_class_and_date_only(self):
        """Every rep lists the pool (name, city, class, since when), not the customers in it."""
        self.customer_a.with_user(self.rep_a).action_release()
        Pool = self.env["sales.customer.pool"].with_user(self.rep_b)
        entries = Pool.search([])
        self.assertEqual(
            set(entries.ids) & {self.customer_a.id, self.pool_customer.id},
            {self.customer_a.id, self.pool_customer.id},
        )
        self.assertNotIn(self.customer_b.id, entries.ids)
        released = Pool.browse(self.customer_a.id)
        self.assertEqual(released.name, "Customer A")
        self.assertTrue(released.pool_date)
        self.assertFalse({"phone", "email", "street", "user_id"} & set(Pool._fields))
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.rep_b).read(["name"])

    def test_claim_of_a_customer_outside_the_pool_is_refused_without_naming_it(self):
        """Claiming another rep's customer by its id is refused, and says nothing of it."""
        with self.assertRaises(UserError) as refusal:
            self._claim(self.rep_b, self.customer_a)
        self.assertNotIn("Customer A", str(refusal.exception))
        self.assertNotIn(self.rep_a.name, str(refusal.exception))
        self.assertEqual(self.customer_a.user_id, self.rep_a)
        with self.assertRaises(AccessError):
            self.pool_customer.with_user(self.rep_b).action_claim()

    def test_late_claim_told_it_was_taken(self):
        """A rep claiming a customer just taken from the pool is told it was claimed, not
        refused access to it, and learns neither its name nor its owner; its owner's manager,
        who may read it, is told who owns it."""
        self._claim(self.rep_a, self.pool_customer)
        with self.assertRaises(UserError) as late:
            self._claim(self.rep_b, self.pool_customer)
        self.assertNotIsInstance(late.exception, AccessError)
        self.assertNotIn("Rep A", str(late.exception))
        self.assertNotIn(self.pool_customer.name, str(late.exception))
        with self.assertRaisesRegex(UserError, "Rep A"):
            self.pool_customer.with_user(self.manager_a).action_claim()

    def test_release_and_cooldown(self):
        """The owner releases to the pool and may not reclaim before the cooldown."""
        self.customer_a.with_user(self.rep_a).action_release()
        self.assertEqual(self.customer_a.ownership_state, "pool")
        self.assertFalse(self.customer_a.user_id)
        with self.assertRaisesRegex(UserError, "30"):
            self._claim(self.rep_a, self.customer_a)
        self._claim(self.rep_b, self.customer_a)
        self.assertEqual(self.customer_a.user_id, self.rep_b)

    def test_holding_limit(self):
        """A rep at the holding limit cannot claim more."""
        self.env.company.max_customers_per_rep = 1
        with self.assertRaisesRegex(UserError, "limit"):
            self._claim(self.rep_a, self.pool_customer)

    def test_daily_claim_limit(self):
        """The daily claim limit counts registrations and claims of the day."""
        self.env.company.max_claims_per_day = 1
        other = self.pool_customer.copy({"name": "Second Pool", "ownership_state": "pool"})
        self._claim(self.rep_b, self.pool_customer)
        with self.assertRaisesRegex(UserError, "daily"):
            self._claim(self.rep_b, other)

    def test_pool_customer_is_read_once_claimed(self):
        """Reps read a pool customer only once they claimed it; the assistant reads it."""
        self.pool_customer.write({"phone": "0551-1234567", "email": "a@pool.cn"})
        with self.assertRaises(AccessError):
            self.pool_customer.with_user(self.rep_a).read(["phone"])
        self.assertEqual(
            self.pool_customer.with_user(self.assistant).read(["phone"])[0]["phone"], "0551-1234567"
        )
        self._claim(self.rep_a, self.pool_customer)
        self.assertEqual(
            self.pool_customer.with_user(self.rep_a).read(["phone"])[0]["phone"], "0551-1234567"
        )

    def test_director_claims_from_the_customer_form(self):
        """Who reads a pool customer (a director) may claim it from its form."""
        self.pool_customer.with_user(self.director).action_claim()
        self.assertEqual(self.pool_customer.user_id, self.director)

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
        contact = self.env["res.partner"].create({"name": "Clerk", "parent_id": self.vendor.id})
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
        activity = self.vendor.with_user(self.rep_b).activity_schedule(
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

    def test_pool_customer_is_claimed_before_working_on_it(self):
        """An opportunity on a pool customer is refused to a rep until they claim it (it would
        copy the phone, mail and street they may not read); the director may open one."""
        self.pool_customer.write(
            {"phone": "0551-7654321", "email": "boss@pool.cn", "street": "长江路"}
        )
        Lead = self.env["crm.lead"]
        with self.assertRaisesRegex(UserError, "claim"):
            Lead.with_user(self.rep_a).create(
                {"name": "Pool lead", "partner_id": self.pool_customer.id}
            )
        lead = Lead.with_user(self.director).create(
            {"name": "Pool lead", "partner_id": self.pool_customer.id}
        )
        self.assertEqual(lead.phone, "0551-7654321")
        self.env["sales.customer.pool"].with_user(self.rep_a).browse(
            self.pool_customer.id
        ).action_claim()
        lead = Lead.with_user(self.rep_a).create(
            {"name": "Pool lead", "partner_id": self.pool_customer.id}
        )
        self.assertEqual(lead.email_from, "boss@pool.cn")
