from datetime import timedelta

from odoo import Command, fields
from odoo.addons.sales_contract_review.tests.test_special_contract import SpecialContractCase


class CollectionCase(SpecialContractCase):
    """Credit and collection on top of the special-contract reviewers.

    who        groups                   here
    rep_a      rep, team A              sells to customer_a (within limits) and risky_a
    manager_a  manager, leads A         signs every order of team A, told of long overdue
    director   director                 reads every receipt
    finance    finance reviewer         reviews credit risk, reads every receipt

    customer_a  credit limit 1 000 000, orders and invoices count in its risk
    risky_a     credit limit 500 (owned by rep_a): any order of a lamp (1 000) exceeds it
    The shipped credit tier (finance) is active next to the four contract tiers.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_credit = cls.env.ref("sales_collection.tier_definition_sale_credit")
        cls.tier_credit.active = True
        cls.env.company.write(
            {"credit_overdue_days": 30, "collection_remind_days": 3, "collection_escalate_days": 15}
        )
        risk_includes = {
            "risk_sale_order_include": True,
            "risk_invoice_draft_include": True,
            "risk_invoice_open_include": True,
            "risk_invoice_unpaid_include": True,
        }
        cls.customer_a.write({"credit_limit": 1000000, **risk_includes})
        cls.risky_a = cls._create_customer("Risky A", cls.rep_a, credit_limit=500, **risk_includes)
        cls.term_split = cls.env["account.payment.term"].create(
            {
                "name": "Half now, half in 20 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 20}),
                ],
            }
        )

    def _validated(self, order):
        """As ``SpecialContractCase._validated``, finance approving the credit review too."""
        order.with_user(order.user_id).request_validation()
        reviewers = {
            self.tier_manager: order.manager_reviewer_ids[:1],
            self.tier_director: self.director,
            self.tier_finance: self.finance,
            self.tier_legal: self.legal,
            self.tier_credit: self.finance,
        }
        for review in order.review_ids.sorted("sequence"):
            self._review(order, reviewers[review.definition_id])
        self.assertEqual(order.validation_status, "validated")
        return order

    def _confirmed(self, customer=None, **vals):
        """A quotation reviewed by every tier it needs and confirmed by its rep."""
        order = self._contract(customer=customer)
        if vals:
            order.write(vals)
        self._validated(order)
        order.with_user(order.user_id).action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def _overdue_invoice(self, customer, days_overdue, amount=1000.0):
        """A posted invoice of ``customer`` due ``days_overdue`` days ago, unpaid."""
        today = fields.Date.context_today(self.env.user)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": today - timedelta(days=days_overdue),
                "invoice_date_due": today - timedelta(days=days_overdue),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.with_context(bypass_risk=True).action_post()
        return invoice

    def _invoice(self, order):
        """Invoice and post ``order`` as the system."""
        invoice = order._create_invoices()
        invoice.with_context(bypass_risk=True).action_post()
        return invoice

    def _pay(self, invoice, amount=None):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount} if amount else {})
        )
        wizard._create_payments()
