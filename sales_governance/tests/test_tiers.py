from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SalesGovernanceCase


@tagged("post_install", "-at_install")
class TestTierVisibility(SalesGovernanceCase):
    """What each tier sees of customers, opportunities and orders."""

    def test_rep_sees_own_customers_and_partners_outside_the_lock(self):
        """A rep sees their protected customers and partners that are not customers (vendors,
        users); pool customers only through the public pool."""
        self.assertVisible(self.rep_a, self.customer_a | self.vendor)
        self.assertVisible(self.rep_a, self.rep_b.partner_id | self.env.company.partner_id)
        self.assertInvisible(self.rep_a, self.pool_customer)
        self.assertVisible(
            self.rep_a, self.env["sales.customer.pool"].browse(self.pool_customer.id)
        )

    def test_rep_cannot_see_other_reps_customers(self):
        """Another rep's protected customer is out of reach, even when it is stale."""
        self.customer_a2.ownership_state = "stale"
        self.assertInvisible(self.rep_a, self.customer_a2 | self.customer_b)

    def test_contacts_follow_their_company(self):
        """A contact person of a protected customer is hidden with it."""
        contact = self.env["res.partner"].create(
            {"name": "Buyer of B", "parent_id": self.customer_b.id}
        )
        self.assertEqual(contact.user_id, self.rep_b)
        self.assertEqual(contact.ownership_state, "protected")
        self.assertInvisible(self.rep_a, contact)
        self.assertVisible(self.rep_b, contact)

    def test_rep_sees_own_leads_and_orders_only(self):
        """A rep works on their own opportunities and orders, not their colleagues'."""
        self.assertVisible(self.rep_a, self.lead_a)
        self.assertVisible(self.rep_a, self.order_a)
        self.assertInvisible(self.rep_a, self.lead_a2 | self.lead_b)
        self.assertInvisible(self.rep_a, self.order_a2 | self.order_b)
        self.assertInvisible(self.rep_a, (self.order_a2 | self.order_b).order_line)

    def test_presales_sees_supported_opportunities(self):
        """A presales engineer sees the opportunities they support, and nothing else of others."""
        self.assertVisible(self.presales, self.lead_a2)
        self.assertInvisible(self.presales, self.lead_a | self.lead_b)
        self.assertInvisible(self.presales, self.order_a2)

    def test_presales_loses_opportunity_when_unassigned(self):
        """Removing the presales engineer removes their access."""
        self.lead_a2.presales_user_id = False
        self.assertInvisible(self.presales, self.lead_a2)

    def test_assistant_reads_and_edits_every_archive(self):
        """The assistant keeps all customer archives but sees no other rep's orders."""
        customers = self.customer_a | self.customer_a2 | self.customer_b
        self.assertVisible(self.assistant, customers)
        customers.with_user(self.assistant).write({"website": "https://example.cn"})
        self.assertEqual(set(customers.mapped("website")), {"https://example.cn"})
        self.assertInvisible(self.assistant, self.order_a | self.order_b)
        self.assertInvisible(self.assistant, self.lead_a | self.lead_b)

    def test_manager_sees_teams_they_lead(self):
        """A manager sees every opportunity, order and customer of their team, not another team's."""
        self.assertVisible(self.manager_a, self.lead_a | self.lead_a2)
        self.assertVisible(self.manager_a, self.order_a | self.order_a2)
        self.assertVisible(self.manager_a, (self.order_a | self.order_a2).order_line)
        self.assertVisible(self.manager_a, self.customer_a | self.customer_a2)
        self.assertInvisible(self.manager_a, self.lead_b)
        self.assertInvisible(self.manager_a, self.order_b)
        self.assertInvisible(self.manager_a, self.customer_b)
        self.lead_a2.with_user(self.manager_a).write({"priority": "3"})

    def test_rep_and_manager_sees_exact_union(self):
        """A rep of team A who leads team C sees own records plus those of team C's members,
        nothing of team A's; a record is a team's through its salesperson, not through the
        team field the salesperson chooses (lead_c and order_c are rep A2's, put in team C)."""
        rep_c = new_test_user(self.env, "sg_rep_c", "sales_governance.group_sales_rep")
        self.team_c.member_ids = [Command.link(rep_c.id)]
        customer = self._create_customer("Customer of C", rep_c)
        lead = self._create_lead("Lead of C", customer, rep_c, self.team_a)
        order = self._create_order(customer, rep_c, self.team_a)
        for records in (lead, order, order.order_line, customer | self.customer_c):
            self.assertVisible(self.hybrid, records)
        self.assertInvisible(self.hybrid, self.lead_c | self.lead_a | self.lead_a2 | self.lead_b)
        self.assertInvisible(self.hybrid, self.order_c | self.order_a | self.order_b)
        self.assertInvisible(self.hybrid, self.customer_a2 | self.customer_b)
        self.assertVisible(self.manager_a, self.lead_c)
        self.assertVisible(self.manager_a, self.order_c)
        self.assertInvisible(self.manager_a, lead)
        self.assertInvisible(self.manager_a, order)

    def test_director_sees_whole_company(self):
        """The director sees every team's customers, opportunities and orders."""
        self.assertVisible(self.director, self.customer_a | self.customer_b | self.customer_c)
        self.assertVisible(self.director, self.lead_a | self.lead_b | self.lead_c)
        self.assertVisible(self.director, self.order_a | self.order_b | self.order_c)

    def test_director_limited_to_their_companies(self):
        """A director does not see the orders of a company they do not belong to."""
        other = self.env["res.company"].create({"name": "Other Co"})
        order = self.env["sale.order"].create(
            {"partner_id": self.customer_b.id, "company_id": other.id, "team_id": False}
        )
        self.assertInvisible(self.director, order)

    def test_manager_sale_report_limited_to_team(self):
        """The sales analysis of a manager counts their teams only."""
        Report = self.env["sale.report"].with_user(self.manager_b)
        self.assertEqual(set(Report.search([]).mapped("team_id").ids) - {False}, {self.team_b.id})

    def test_rep_cannot_take_over_by_rpc(self):
        """Reassigning another rep's opportunity to oneself over RPC is refused."""
        with self.assertRaises(AccessError):
            self.lead_b.with_user(self.rep_a).write({"user_id": self.rep_a.id})
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.rep_a).write({"user_id": self.rep_a.id})
