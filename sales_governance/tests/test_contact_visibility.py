from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SalesGovernanceCase


@tagged("post_install", "-at_install")
class TestPoolContactsDoNotLeak(SalesGovernanceCase):
    """A rep learns a pool customer's phone, mail and address only by claiming it,
    whatever the path: read, derived fields, search domains used as an oracle, grouping,
    related paths from leads, name_search, export, values copied onto a new lead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool_customer.write(
            {
                "phone": "0552-3456789",
                "email": "buyer@bengbu-led.cn",
                "website": "https://bengbu-led.cn",
                "street": "蚌埠市龙子湖区 1 号",
            }
        )
        cls.pool_contact = cls.env["res.partner"].create(
            {"name": "采购 王工", "parent_id": cls.pool_customer.id, "phone": "13900001111"}
        )
        cls.Partner = cls.env["res.partner"].with_user(cls.rep_b)

    def test_derived_fields_are_unreadable(self):
        """Normalised phone and mail domain are blanked like the phone and mail."""
        values = self.pool_customer.with_user(self.rep_b).read(
            ["phone", "email", "normalized_phone", "email_domain", "email_normalized"]
        )[0]
        self.assertFalse(any(values[f] for f in values if f != "id"))

    def test_search_domains_are_no_oracle(self):
        """Searching by part of the phone, the mail domain or the mail finds nothing, for a
        rep; a manager finds the customer the same way."""
        for domain in (
            [("phone", "=like", "0552-3%")],
            [("email_domain", "=", "bengbu-led.cn")],
            [("email", "ilike", "bengbu-led")],
            [("normalized_phone", "=", "5523456789")],
            [("child_ids.phone", "=", "13900001111")],
        ):
            with self.subTest(domain=domain):
                self.assertNotIn(self.pool_customer, self.Partner.search(domain))
                self.assertIn(
                    self.pool_customer,
                    self.env["res.partner"].with_user(self.manager_a).search(domain)
                    | self.env["res.partner"].with_user(self.manager_a).search(domain).parent_id,
                )
        self.assertFalse(self.Partner.name_search("bengbu-led"))

    def test_grouping_does_not_list_contacts(self):
        """Grouping partners by phone, or leads by their customer's phone, shows no value."""
        groups = self.Partner._read_group([("id", "=", self.pool_customer.id)], ["phone"])
        self.assertEqual([phone for (phone,) in groups], [False])
        lead = self.env["crm.lead"].create(
            {"name": "蚌埠路灯", "partner_id": self.pool_customer.id, "user_id": self.rep_b.id}
        )
        Lead = self.env["crm.lead"].with_user(self.rep_b)
        self.assertFalse(Lead.search([("partner_id.phone", "=like", "0552%")]))
        self.assertFalse(Lead.search([("partner_id.email_domain", "=", "bengbu-led.cn")]))
        groups = Lead._read_group([("id", "=", lead.id)], ["partner_id.phone"])
        self.assertEqual([phone for (phone,) in groups], [False])
        rows = lead.with_user(self.rep_b).export_data(["name", "partner_id/phone"])["datas"]
        self.assertNotIn("0552-3456789", str(rows))

    def test_new_lead_copies_no_contact_detail(self):
        """An opportunity for a pool customer copies neither phone, mail nor website."""
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_b)
            .create({"name": "新机会", "partner_id": self.pool_customer.id})
        )
        self.assertFalse(lead.phone or lead.email_from or lead.website or lead.street)

    def test_claiming_shows_the_contacts(self):
        """Once claimed, the customer's contact details are the rep's."""
        self.pool_customer.with_user(self.rep_b).action_claim()
        self.assertEqual(
            self.pool_customer.with_user(self.rep_b).read(["phone"])[0]["phone"], "0552-3456789"
        )
        self.assertIn(self.pool_customer, self.Partner.search([("phone", "=like", "0552-3%")]))


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
