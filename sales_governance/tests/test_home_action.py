from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSalesHomeAction(TransactionCase):
    """A user given a sales tier lands in Sales Governance, whichever form grants it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env.ref("sales_governance.res_partner_action_customers")
        cls.rep_group = cls.env.ref("sales_governance.group_sales_rep")

    def test_granted_on_the_user(self):
        rep = new_test_user(self.env, "sg_home_rep", groups="sales_governance.group_sales_rep")
        plain = new_test_user(self.env, "sg_home_plain", groups="base.group_user")
        self.assertEqual(rep.action_id.id, self.customers.id)
        self.assertFalse(plain.action_id)
        plain.write({"group_ids": [Command.link(self.rep_group.id)]})
        self.assertEqual(plain.action_id.id, self.customers.id)

    def test_granted_on_the_group(self):
        plain = new_test_user(self.env, "sg_home_plain", groups="base.group_user")
        chosen = new_test_user(self.env, "sg_home_chosen", groups="base.group_user")
        own_home = self.env.ref("base.action_res_users")
        chosen.action_id = own_home.id
        director = self.env.ref("sales_governance.group_sales_director")
        director.write({"user_ids": [Command.link(plain.id), Command.link(chosen.id)]})
        self.assertEqual(plain.action_id.id, self.customers.id)
        self.assertEqual(chosen.action_id.id, own_home.id, "a home someone chose is kept")
