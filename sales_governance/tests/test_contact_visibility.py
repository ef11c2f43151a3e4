from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SalesGovernanceCase

# What the web client's opportunity form asks an onchange for (crm.lead form, abridged).
LEAD_FORM_SPEC = {
    "name": {},
    "type": {},
    "partner_id": {"fields": {"display_name": {}}},
    "phone": {},
    "email_from": {},
    "website": {},
    "street": {},
    "city": {},
    "zip": {},
}
# What the quotation form asks for its addresses (sale.order form, abridged).
ORDER_FORM_SPEC = {
    "partner_id": {"fields": {"display_name": {}}},
    "partner_invoice_id": {
        "fields": {"display_name": {}},
        "context": {"show_address": 1, "show_vat": True},
    },
    "partner_shipping_id": {
        "fields": {"display_name": {}},
        "context": {"show_address": 1, "show_vat": True},
    },
}


class ContactCase(SalesGovernanceCase):
    """Rep A's protected customer and a pool customer with contact details, and two
    opportunities of rep B linked to them (made before: the customer was transferred to rep A,
    or returned to the pool, since)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.write(
            {
                "phone": "0551-83456789",
                "email": "buyer@hf-guangming.cn",
                "street": "合肥市蜀山区长江西路 100 号",
                "city": "合肥",
                "website": "https://hf-guangming.cn",
            }
        )
        cls.pool_customer.write(
            {
                "phone": "0552-83456789",
                "email": "buyer@bengbu-led.cn",
                "street": "蚌埠市龙子湖区 1 号",
                "city": "蚌埠",
            }
        )
        cls.pool_contact = cls.env["res.partner"].create(
            {"name": "采购 王工", "parent_id": cls.pool_customer.id, "phone": "13900001111"}
        )
        Lead = cls.env["crm.lead"]
        cls.lead_b_on_a = Lead.create(
            {"name": "老机会甲", "partner_id": cls.customer_a.id, "user_id": cls.rep_b.id}
        )
        cls.lead_b_on_pool = Lead.create(
            {"name": "老机会乙", "partner_id": cls.pool_customer.id, "user_id": cls.rep_b.id}
        )

    # === ASSERTIONS === #
    def assertNoLeak(self, call, *secrets):
        """``call`` is refused, or answers without any of ``secrets``."""
        try:
            result = call()
        except (AccessError, UserError):
            return
        leaked = [secret for secret in secrets if secret in str(result)]
        self.assertFalse(leaked, f"{leaked} leaked through {call}")

    def assertShows(self, call, *secrets):
        """``call`` answers with every one of ``secrets``."""
        result = str(call())
        for secret in secrets:
            self.assertIn(secret, result)

    def _lead_onchange(self, user, partner):
        """The opportunity form of ``user`` after choosing ``partner``, as the client calls it."""
        Lead = self.env["crm.lead"].with_user(user)
        values = {"name": "新机会", "type": "opportunity", "partner_id": partner.id}
        return lambda: Lead.onchange(values, ["partner_id"], LEAD_FORM_SPEC)

    def _order_onchange(self, user, partner):
        Order = self.env["sale.order"].with_user(user)
        return lambda: Order.onchange({"partner_id": partner.id}, ["partner_id"], ORDER_FORM_SPEC)


@tagged("post_install", "-at_install")
class TestCustomerIsReadAllOrNothing(ContactCase):
    """A representative reads a customer fully (own, shared, their team's for a manager, all
    for assistants and directors) or not at all, through every path: read, the forms'
    onchange, search domains used as oracles, related paths, grouping, export, followers,
    names with contact details, meetings."""

    def test_read(self):
        """The owner, their manager and the assistant read the contacts; another rep, another
        team's manager and every rep for a pool customer cannot read the customer at all."""
        for user, partner in (
            (self.rep_a, self.customer_a),
            (self.manager_a, self.customer_a),
            (self.assistant, self.pool_customer),
            (self.director, self.pool_customer),
        ):
            self.assertShows(lambda u=user, p=partner: p.with_user(u).read(["phone"]), "-834")
        for user, partner in (
            (self.rep_b, self.customer_a),
            (self.manager_b, self.customer_a),
            (self.rep_b, self.pool_customer),
            (self.rep_a, self.pool_customer),
            (self.manager_a, self.pool_customer),
            (self.rep_b, self.pool_contact),
        ):
            with self.subTest(user=user.name, partner=partner.name), self.assertRaises(AccessError):
                partner.with_user(user).read(["name"])

    def test_lead_onchange(self):
        """Choosing a customer on a new opportunity fills in its phone, mail and address for
        the owner and their manager; another rep's onchange is refused."""
        self.assertShows(
            self._lead_onchange(self.rep_a, self.customer_a), "0551-83456789", "buyer@", "长江西路"
        )
        self.assertShows(self._lead_onchange(self.manager_a, self.customer_a), "0551-83456789")
        for user, partner in (
            (self.rep_b, self.customer_a),
            (self.rep_b, self.pool_customer),
            (self.manager_b, self.customer_a),
        ):
            with self.subTest(user=user.name, partner=partner.name):
                with self.assertRaises(AccessError):
                    self._lead_onchange(user, partner)()
                self.assertNoLeak(self._lead_onchange(user, partner), "-834", "buyer@", "号")

    def test_order_onchange(self):
        """Choosing a customer on a new quotation shows its invoice and delivery address to
        the owner, to nobody else."""
        self.assertShows(self._order_onchange(self.rep_a, self.customer_a), "长江西路")
        for partner in (self.customer_a, self.pool_customer):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                self._order_onchange(self.rep_b, partner)()

    def test_search_domains_are_no_oracle(self):
        """Guessing a contact detail in a search domain (digit by digit, on the partner or
        through a related path from an opportunity or an order) finds the customer for who
        reads it, nothing for the others."""
        partner_domains = [
            [("phone_mobile_search", "=like", "0551-83%")],
            [("phone", "=like", "0551-83%")],
            [("phone_sanitized", "ilike", "83456789")],
            [("email", "ilike", "hf-guangming")],
            [("email_normalized", "=", "buyer@hf-guangming.cn")],
            [("email_domain", "=", "hf-guangming.cn")],
            [("street", "ilike", "长江西路")],
            [("normalized_phone", "=", self.customer_a.normalized_phone)],
        ]
        Partner = self.env["res.partner"]
        for domain in partner_domains:
            with self.subTest(domain=domain):
                self.assertIn(self.customer_a, Partner.with_user(self.rep_a).search(domain))
                self.assertIn(self.customer_a, Partner.with_user(self.manager_a).search(domain))
                self.assertFalse(Partner.with_user(self.rep_b).search(domain))
                self.assertFalse(Partner.with_user(self.manager_b).search(domain))
        pool_domain = [("phone_mobile_search", "=like", "0552-83%")]
        self.assertIn(self.pool_customer, Partner.with_user(self.assistant).search(pool_domain))
        self.assertFalse(Partner.with_user(self.rep_b).search(pool_domain))
        self.assertFalse(
            Partner.with_user(self.rep_b).search([("child_ids.phone", "=", "13900001111")])
        )
        self.assertFalse(Partner.with_user(self.rep_b).name_search("bengbu-led"))
        self.assertFalse(Partner.with_user(self.rep_b).name_search("hf-guangming"))
        for model, domain in (
            ("crm.lead", [("partner_id.phone", "=like", "0551-83%")]),
            ("crm.lead", [("partner_id.email", "ilike", "hf-guangming")]),
            ("crm.lead", [("partner_id.street", "ilike", "长江西路")]),
            ("crm.lead", [("partner_id.phone_sanitized", "ilike", "83456789")]),
            ("sale.order", [("partner_id.phone", "=like", "0551-83%")]),
        ):
            with self.subTest(model=model, domain=domain):
                self.assertTrue(self.env[model].with_user(self.rep_a).search(domain))
                self.assertFalse(self.env[model].with_user(self.rep_b).search(domain))
        # Rep B reads their old opportunity of the pool customer, not the customer's phone.
        Lead = self.env["crm.lead"].with_user(self.rep_b)
        self.assertEqual(Lead.search([("id", "=", self.lead_b_on_pool.id)]), self.lead_b_on_pool)
        self.assertFalse(Lead.search([("partner_id.phone", "=like", "0552-83%")]))

    def test_grouping_and_export(self):
        """Grouping by a contact detail or exporting it, on the partners or through a lead,
        shows it to the owner, never to another rep."""
        Partner = self.env["res.partner"]
        self.assertShows(
            lambda: Partner.with_user(self.rep_a)._read_group([], ["phone"], ["__count"]),
            "0551-83456789",
        )
        self.assertNoLeak(
            lambda: Partner.with_user(self.rep_b)._read_group([], ["phone"], ["__count"]),
            "-834",
        )
        Lead = self.env["crm.lead"]
        self.assertShows(
            lambda: Lead.with_user(self.rep_a)._read_group([], ["partner_id.phone"], ["__count"]),
            "0551-83456789",
        )
        self.assertNoLeak(
            lambda: Lead.with_user(self.rep_b)._read_group(
                [], ["partner_id.phone", "partner_id.email"], ["__count"]
            ),
            "-834",
            "buyer@",
        )
        fields_to_export = ["name", "partner_id/phone", "partner_id/email", "partner_id/street"]
        self.assertShows(
            lambda: self.lead_a.with_user(self.rep_a).export_data(fields_to_export),
            "0551-83456789",
        )
        for lead in (self.lead_b_on_a, self.lead_b_on_pool):
            self.assertNoLeak(
                lambda lead=lead: lead.with_user(self.rep_b).export_data(fields_to_export),
                "-834",
                "buyer@",
                "号",
            )
        self.assertNoLeak(
            lambda: self.pool_customer.with_user(self.rep_b).export_data(["phone", "email"]),
            "-834",
        )

    def test_followers(self):
        """A rep cannot make a customer they may not read follow their own opportunity, and
        does not read the name and mail of one following it already; the owner does."""
        with self.assertRaises(AccessError):
            self.lead_b.with_user(self.rep_b).message_subscribe(self.pool_customer.ids)
        with self.assertRaises(AccessError):
            self.lead_b.with_user(self.rep_b).message_subscribe(self.customer_a.ids)
        self.lead_a.with_user(self.rep_a).message_subscribe(self.customer_a.ids)
        self.lead_b_on_pool.message_subscribe(self.pool_customer.ids)  # before it was released
        Followers = self.env["mail.followers"]
        for user, lead, partner, visible in (
            (self.rep_a, self.lead_a, self.customer_a, True),
            (self.rep_b, self.lead_b_on_pool, self.pool_customer, False),
            (self.director, self.lead_b_on_pool, self.pool_customer, True),
        ):
            domain = [
                ("res_model", "=", "crm.lead"),
                ("res_id", "=", lead.id),
                ("partner_id", "=", partner.id),
            ]
            call = lambda u=user, d=domain: Followers.with_user(u).search_read(d, ["email"])  # noqa: E731
            if visible:
                self.assertShows(call, "buyer@")
            else:
                self.assertFalse(call())
                self.assertNoLeak(
                    lambda u=user, lead=lead: lead.with_user(u).message_get_followers(), "buyer@"
                )
                self.assertNoLeak(
                    lambda u=user, d=domain: Followers.with_user(u).search_read(
                        [("email", "ilike", "bengbu")], ["res_id"]
                    ),
                    str(lead.id),
                )

    def test_names_with_contact_details(self):
        """The name of a customer on one's own opportunity carries its mail or address only
        for who may read the customer (the client asks for them in some forms)."""
        spec = {
            "partner_id": {
                "fields": {"display_name": {}},
                "context": {"show_address": 1, "show_email": 1},
            }
        }
        self.assertShows(lambda: self.lead_a.with_user(self.rep_a).web_read(spec), "buyer@")
        self.assertShows(
            lambda: self.lead_b_on_pool.with_user(self.director).web_read(spec), "buyer@"
        )
        for lead in (self.lead_b_on_a, self.lead_b_on_pool):
            result = lead.with_user(self.rep_b).web_read(spec)
            self.assertIn(lead.partner_id.name, str(result))
            self.assertNotIn("buyer@", str(result))
            self.assertNotIn("号", str(result))

    def test_meeting_attendees(self):
        """A meeting with a customer the rep may not read is refused (an attendee's mail is
        read with elevated rights); with their own customer it is not."""
        Event = self.env["calendar.event"].with_user(self.rep_b)
        for partner in (self.customer_a, self.pool_customer):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                Event.create({"name": "拜访", "partner_ids": [Command.link(partner.id)]})
        event = (
            self.env["calendar.event"]
            .with_user(self.rep_a)
            .create({"name": "拜访", "partner_ids": [Command.link(self.customer_a.id)]})
        )
        self.assertShows(lambda: event.attendee_ids.mapped("email"), "buyer@")

    def test_old_documents_do_not_follow_the_customer(self):
        """An old opportunity and meeting of rep B keep what they had once the customer has
        left rep B: its new phone and mail reach its owner's documents, not rep B's."""
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_b)
            .create({"name": "跟进", "partner_id": self.customer_b.id})
        )
        event = (
            self.env["calendar.event"]
            .with_user(self.rep_b)
            .create({"name": "拜访", "partner_ids": [Command.link(self.customer_b.id)]})
        )
        self.customer_b.with_user(self.rep_b).action_release()
        self.customer_b.with_user(self.assistant).write(
            {"phone": "0553-83000001", "email": "new@wuhu-led.cn"}
        )
        self.customer_a.with_user(self.rep_a).write(
            {"phone": "0551-83000002", "email": "new@hf-guangming.cn"}
        )
        self.env.flush_all()
        self.assertShows(
            lambda: self.lead_a.with_user(self.rep_a).read(["phone", "email_from"]),
            "0551-83000002",
            "new@hf-guangming.cn",
        )
        self.assertNoLeak(
            lambda: lead.with_user(self.rep_b).read(["phone", "email_from"]), "new@", "-830"
        )
        self.assertNoLeak(
            lambda: event.with_user(self.rep_b).web_read(
                {"attendee_ids": {"fields": {"email": {}, "phone": {}}}}
            ),
            "new@",
            "-830",
        )
        self.assertShows(
            lambda: event.with_user(self.director).attendee_ids.read(["email"]), "new@wuhu-led.cn"
        )

    def test_printed_contact(self):
        """The contact block of a printed document shows a customer's phone and mail to who
        may read it, the name only to anybody else."""
        Contact = self.env["ir.qweb.field.contact"]
        options = {"fields": ["name", "address", "phone", "email"]}
        self.assertShows(
            lambda: Contact.with_user(self.rep_a).value_to_html(
                self.customer_a.with_user(self.rep_a), options
            ),
            "0551-83456789",
            "buyer@",
        )
        result = Contact.with_user(self.rep_b).value_to_html(
            self.customer_a.with_user(self.rep_b), options
        )
        self.assertIn("Customer A", str(result))
        self.assertNoLeak(lambda: result, "-834", "buyer@", "号")

    def test_guards_read_no_contact_detail(self):
        """Refusing a rep names the owner of another's customer without putting its contact
        details in the cache every environment of the transaction shares."""
        self.env.invalidate_all()
        phone = self.env["res.partner"]._fields["phone"]
        with self.assertRaisesRegex(UserError, "Rep A"):
            self.env["crm.lead"].with_user(self.rep_b).create(
                {"name": "抢单", "partner_id": self.customer_a.id}
            )
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.rep_b).create(
                {"name": "另一家公司", "phone": "0551-83456789"}
            )
        self.assertNotIn(self.customer_a.id, phone._get_cache(self.env))

    def test_claiming_shows_the_contacts(self):
        """Once claimed from the pool, the customer and its contacts are the rep's."""
        Pool = self.env["sales.customer.pool"].with_user(self.rep_b)
        self.assertIn(self.pool_customer.id, Pool.search([]).ids)
        Pool.browse(self.pool_customer.id).action_claim()
        self.assertEqual(
            self.pool_customer.with_user(self.rep_b).read(["phone"])[0]["phone"], "0552-83456789"
        )
        self.assertEqual(self.pool_contact.with_user(self.rep_b).phone, "13900001111")
        self.assertShows(self._lead_onchange(self.rep_b, self.pool_customer), "0552-83456789")


@tagged("post_install", "-at_install")
class TestProtectedCustomerSideDoors(SalesGovernanceCase):
    """Another rep's protected customer: only its name, owner and date, through no side door."""

    def test_followers_of_another_reps_customer_are_hidden(self):
        """The followers of rep A's customer are not found, read or grouped by rep B."""
        self.customer_a.message_subscribe(partner_ids=self.rep_a.partner_id.ids)
        followers = self.env["mail.followers"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.customer_a.id)]
        )
        self.assertTrue(followers)
        Followers = self.env["mail.followers"].with_user(self.rep_b)
        self.assertFalse(Followers.search([("id", "in", followers.ids)]))
        self.assertEqual(Followers.search_count([("res_id", "=", self.customer_a.id)]), 0)
        with self.assertRaises(AccessError):
            followers.with_user(self.rep_b).read(["partner_id"])
        self.assertEqual(
            Followers.with_user(self.rep_a).search_count([("id", "in", followers.ids)]),
            len(followers),
        )

    def test_invoice_or_delivery_address_of_another_reps_customer_is_refused(self):
        """An order for one's own customer cannot invoice or deliver to rep A's customer."""
        Order = self.env["sale.order"].with_user(self.rep_b)
        for fname in ("partner_invoice_id", "partner_shipping_id"):
            with self.subTest(fname=fname), self.assertRaises(UserError):
                Order.create({"partner_id": self.customer_b.id, fname: self.customer_a.id})
            with self.subTest(fname=fname), self.assertRaises(UserError):
                self.order_b.with_user(self.rep_b).write({fname: self.customer_a.id})
        self.order_b.with_user(self.rep_b).write({"partner_shipping_id": self.customer_b.id})
