from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestClientContextKeys(HttpCase):
    """A context key that switches a check off is dropped from what a client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(cls.env, "sg_rpc_rep", "sales_governance.group_sales_rep")
        manager = new_test_user(cls.env, "sg_rpc_manager", "sales_governance.group_sales_manager")
        cls.env["crm.team"].create(
            {"name": "RPC Team", "user_id": manager.id, "member_ids": [Command.set(cls.rep.ids)]}
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "RPC 客户",
                "is_company": True,
                "user_id": cls.rep.id,
                "ownership_state": "protected",
            }
        )
        product = cls.env["product.product"].create({"name": "灯具", "list_price": 100.0})
        term_30 = cls.env["account.payment.term"].create(
            {"name": "30 天", "line_ids": [Command.create({"nb_days": 30})]}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.rep.id,
                "payment_term_id": term_30.id,
                "client_order_ref": "HT-001",
                "commitment_date": "2030-01-01 00:00:00",
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        cls.order.with_user(cls.rep).request_validation()
        cls.term = cls.env["account.payment.term"].create(
            {"name": "90 天", "line_ids": [Command.create({"nb_days": 90})]}
        )

    def _write(self, context):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/sale.order/write",
            {
                "model": "sale.order",
                "method": "write",
                "args": [self.order.ids, {"payment_term_id": self.term.id}],
                "kwargs": {"context": context},
            },
        )

    def test_skip_validation_check_sent_by_a_client_is_ignored(self):
        """Under validation, a rep's write is refused with or without the engine's skip key."""
        self.authenticate("sg_rpc_rep", "sg_rpc_rep")
        for context in ({}, {"skip_validation_check": True, "skip_check_state_condition": True}):
            with self.subTest(context=context), self.assertRaises(JsonRpcException):
                self._write(context)
        self.assertNotEqual(self.order.payment_term_id, self.term)
