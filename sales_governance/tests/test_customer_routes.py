from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestCustomerRoutes(HttpCase):
    """The paths of the web client a logged-in representative may call directly: the vCard
    route, ``onchange`` and ``create`` over JSON-RPC.

    who        groups            team
    sg_r_rep1  rep               East 1 (led by sg_r_mgr1), owns the protected customer
    sg_r_rep3  rep               East 2
    sg_r_mgr1  sales manager     leads East 1
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "sales_governance.group_%s"
        cls.rep1 = new_test_user(cls.env, "sg_r_rep1", group % "sales_rep", name="Route Rep 1")
        cls.rep3 = new_test_user(cls.env, "sg_r_rep3", group % "sales_rep", name="Route Rep 3")
        cls.manager = new_test_user(cls.env, "sg_r_mgr1", group % "sales_manager")
        Team = cls.env["crm.team"]
        Team.create(
            {"name": "East 1", "user_id": cls.manager.id, "member_ids": [Command.set(cls.rep1.ids)]}
        )
        Team.create({"name": "East 2", "member_ids": [Command.set(cls.rep3.ids)]})
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "合肥路灯工程有限公司",
                "is_company": True,
                "phone": "0551-83001234",
                "email": "boss@hf-ludeng.cn",
                "city": "合肥",
                "user_id": cls.rep1.id,
                "ownership_state": "protected",
            }
        )
        cls.pool = Partner.create(
            {
                "name": "蚌埠市政集团有限公司",
                "is_company": True,
                "phone": "0552-83001234",
                "email": "boss@bb-shizheng.cn",
                "ownership_state": "pool",
            }
        )

    def _vcard(self, partner):
        return self.url_open(f"/web/partner/vcard?partner_ids={partner.id}")

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_vcard(self):
        """The vCard of a customer carries its phone and mail for its owner and the owner's
        manager; for another rep, of that customer or of a pool customer, it is refused."""
        for login in ("sg_r_rep1", "sg_r_mgr1"):
            self.authenticate(login, login)
            response = self._vcard(self.customer)
            self.assertEqual(response.status_code, 200)
            self.assertIn("0551-83001234", response.text)
            self.assertIn("boss@hf-ludeng.cn", response.text)
        self.authenticate("sg_r_rep3", "sg_r_rep3")
        for partner in (self.customer, self.pool):
            response = self._vcard(partner)
            self.assertNotEqual(response.status_code, 200)
            self.assertNotIn("-83001234", response.text)
            self.assertNotIn("boss@", response.text)

    def test_lead_onchange_over_rpc(self):
        """The opportunity form's onchange fills in the customer's contacts for its owner;
        for another rep it is refused, also for a pool customer."""
        spec = {
            "partner_id": {"fields": {"display_name": {}}},
            "phone": {},
            "email_from": {},
            "city": {},
        }

        def onchange(partner):
            values = {"name": "新机会", "type": "opportunity", "partner_id": partner.id}
            return self._call("crm.lead", "onchange", [], values, ["partner_id"], spec)

        self.authenticate("sg_r_rep1", "sg_r_rep1")
        result = onchange(self.customer)
        self.assertEqual(result["value"]["phone"], "0551-83001234")
        self.assertEqual(result["value"]["email_from"], "boss@hf-ludeng.cn")
        self.authenticate("sg_r_rep3", "sg_r_rep3")
        for partner in (self.customer, self.pool):
            with self.subTest(partner=partner.name), self.assertRaises(JsonRpcException):
                onchange(partner)

    def test_company_created_over_rpc_is_locked(self):
        """A company rep 3 creates over JSON-RPC with no context at all (name, phone, mail,
        is_company) is theirs, protected and logged; rep 1 cannot read it."""
        self.authenticate("sg_r_rep3", "sg_r_rep3")
        partner_id = self._call(
            "res.partner",
            "create",
            {
                "name": "淮南照明科技有限公司",
                "phone": "0554-83005678",
                "email": "info@hn-zhaoming.cn",
                "is_company": True,
            },
        )
        partner = self.env["res.partner"].browse(partner_id)
        self.assertEqual((partner.ownership_state, partner.user_id), ("protected", self.rep3))
        self.assertEqual(partner.ownership_log_ids.event, "register")
        self.authenticate("sg_r_rep1", "sg_r_rep1")
        with self.assertRaises(JsonRpcException):
            self._call("res.partner", "read", [partner_id], ["phone"])
