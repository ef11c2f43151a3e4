from odoo import Command
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.exceptions import ValidationError
from odoo.tests import tagged

# The customer fields of the loop: (model, field).
PICKERS = (
    ("sales.work.log.line", "partner_id"),
    ("sales.complaint", "partner_id"),
    ("sales.revisit", "partner_id"),
)


@tagged("post_install", "-at_install")
class TestCustomerPickers(SalesGovernanceCase):
    """The loop's customer pickers offer the customers the user may work on, never a company
    of this database nor a partner that is no customer; the server refuses the companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sister = cls.env["res.company"].create({"name": "Sister Trading Co"})
        cls.companies = cls.env.company.partner_id | cls.sister.partner_id

    def _offered(self, model, fname, user):
        """What the picker of ``model.fname`` lists for ``user`` (its name search)."""
        Model = self.env[model].with_user(user)
        Partner = self.env["res.partner"].with_user(user)
        domain = list(Model._fields[fname].get_comodel_domain(Model))
        return Partner.browse([pid for pid, _name in Partner.name_search("", domain, limit=1000)])

    def test_pickers_offer_workable_customers(self):
        """A rep is offered their customers, a manager the team's, a director everyone's; no
        company of the database, no vendor, no other team's customer."""
        cases = (
            (self.rep_a, self.customer_a, self.customer_a2 | self.customer_b),
            (self.manager_a, self.customer_a | self.customer_a2, self.customer_b),
            (
                self.director,
                self.customer_a | self.customer_b | self.pool_customer,
                self.env["res.partner"],
            ),
        )
        for model, fname in PICKERS:
            for user, offered, refused in cases:
                with self.subTest(model=model, user=user.login):
                    found = self._offered(model, fname, user)
                    self.assertEqual(found & offered, offered)
                    self.assertFalse(found & (refused | self.companies | self.vendor))
        self.assertTrue(self.customer_a.with_user(self.rep_a).is_workable_customer)
        self.assertFalse(self.env.company.partner_id.with_user(self.rep_a).is_workable_customer)

    def test_work_log_form_keeps_the_domain(self):
        """The work log's own line pickers (desktop list and phone form) filter the same way."""
        arch = self.env["sales.work.log"].get_view(
            self.env.ref("sales_quality_loop.sales_work_log_view_form").id
        )["arch"]
        self.assertEqual(arch.count("is_workable_customer"), 2)

    def test_company_of_the_database_refused(self):
        """Naming the own company as the customer is refused, whatever the path."""
        own = self.env.company.partner_id
        with self.assertRaisesRegex(ValidationError, "not a customer"):
            self.env["sales.complaint"].with_user(self.rep_a).create(
                {"partner_id": own.id, "description": "x"}
            )
        with self.assertRaisesRegex(ValidationError, "not a customer"):
            self.env["sales.work.log"].with_user(self.rep_a).create(
                {"line_ids": [Command.create({"partner_id": own.id, "summary": "x"})]}
            )
        with self.assertRaisesRegex(ValidationError, "not a customer"):
            self.env["sales.revisit"].with_user(self.manager_a).create(
                {"partner_id": self.sister.partner_id.id, "user_id": self.rep_a.id}
            )
