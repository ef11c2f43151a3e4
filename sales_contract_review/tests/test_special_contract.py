from ast import literal_eval

from odoo import Command
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged


class SpecialContractCase(SalesGovernanceCase):
    """Contract reviewers on top of the tiers of ``SalesGovernanceCase``.

    who        groups                   reviews
    finance    finance reviewer         payment terms longer than 30 days
    legal      legal reviewer           modified and supplementary clauses
    gov_admin  governance admin         edits thresholds, tiers, required fields
    manager_a  (common)                 every order of team A
    director   (common)                 special orders from 100 000 or 20 %
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "sales_governance.group_%s"
        cls.finance = new_test_user(
            cls.env, "sg_finance", group % "contract_finance_reviewer", name="Finance"
        )
        cls.legal = new_test_user(
            cls.env, "sg_legal", group % "contract_legal_reviewer", name="Legal"
        )
        cls.gov_admin = new_test_user(
            cls.env, "sg_gov_admin", group % "governance_admin", name="Governance Admin"
        )
        cls.env.company.write({"contract_max_discount": 10.0, "contract_standard_payment_days": 30})
        Term = cls.env["account.payment.term"]
        cls.term_30 = Term.create(
            {"name": "30 days", "line_ids": [Command.create({"value": "percent", "nb_days": 30})]}
        )
        cls.term_90 = Term.create(
            {"name": "90 days", "line_ids": [Command.create({"value": "percent", "nb_days": 90})]}
        )
        # the shipped tiers and required fields, with known thresholds
        cls.tier_manager = cls.env.ref("sales_contract_review.tier_definition_sale_manager")
        cls.tier_director = cls.env.ref("sales_contract_review.tier_definition_sale_director")
        cls.tier_finance = cls.env.ref("sales_contract_review.tier_definition_sale_finance")
        cls.tier_legal = cls.env.ref("sales_contract_review.tier_definition_sale_legal")
        shipped = cls.tier_manager | cls.tier_director | cls.tier_finance | cls.tier_legal
        shipped.active = True
        (cls.env["tier.definition"].search([("model", "=", "sale.order")]) - shipped).active = False
        cls.tier_director.write({"amount_threshold": 100000, "discount_threshold": 20})
        Required = cls.env["sales.contract.required.field"].with_context(active_test=False)
        Required.search([]).active = False
        cls.required_ref = cls._require("sale.field_sale_order__client_order_ref")
        cls._require("sale.field_sale_order__payment_term_id")

    @classmethod
    def _require(cls, field_xmlid):
        """Make the field required, reusing the shipped rule when there is one."""
        field = cls.env.ref(field_xmlid)
        Required = cls.env["sales.contract.required.field"].with_context(active_test=False)
        rule = Required.search([("field_id", "=", field.id), ("company_id", "=", False)])
        rule = rule or Required.create({"field_id": field.id})
        rule.active = True
        return rule

    @classmethod
    def _contract(cls, user=None, team=None, customer=None, qty=1, **line_vals):
        """A complete quotation of ``qty`` lamps at 1 000, by rep A in team A by default."""
        return cls.env["sale.order"].create(
            {
                "partner_id": (customer or cls.customer_a).id,
                "user_id": (user or cls.rep_a).id,
                "team_id": (team or cls.team_a).id,
                "payment_term_id": cls.term_30.id,
                "client_order_ref": "PO-2025-1",
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": qty, **line_vals}
                    )
                ],
            }
        )

    def _review(self, order, user, decision="validate", comment="Checked"):
        """``user`` approves or rejects their reviews of ``order`` with a comment."""
        order = order.with_user(user)
        action = order.validate_tier() if decision == "validate" else order.reject_tier()
        if action:
            wizard = (
                self.env["comment.wizard"]
                .with_user(user)
                .with_context(**action["context"])
                .create({"comment": comment})
            )
            wizard.add_comment()

    def _validated(self, order):
        """Send ``order`` for validation as its rep and have every tier approve it."""
        order.with_user(order.user_id).request_validation()
        reviewers = {
            self.tier_manager: order.manager_reviewer_ids[:1],
            self.tier_director: self.director,
            self.tier_finance: self.finance,
            self.tier_legal: self.legal,
        }
        for review in order.review_ids.sorted("sequence"):
            self._review(order, reviewers[review.definition_id])
        self.assertEqual(order.validation_status, "validated")
        return order


@tagged("post_install", "-at_install")
class TestSpecialContractDetection(SpecialContractCase):
    """What makes a contract special."""

    def test_standard_order_is_not_special(self):
        """A complete order at list price on a 30-day term is a standard contract."""
        order = self._contract()
        self.assertFalse(order.is_special_contract)
        self.assertFalse(order.special_reasons)

    def test_discount_above_limit_is_special(self):
        """A rep's discount above the company limit makes the contract special, with the reason."""
        order = self._contract()
        order.order_line.with_user(self.rep_a).write({"discount": 15})
        self.assertTrue(order.is_special_contract)
        self.assertIn("15.0%", order.special_reasons)
        order.order_line.with_user(self.rep_a).write({"discount": 10})
        self.assertFalse(order.is_special_contract)

    def test_category_limit_overrides_company_limit(self):
        """A product category, and its subcategories, may allow more discount than the company."""
        parent = self.env["product.category"].create(
            {"name": "Lamps", "has_contract_discount_limit": True, "contract_max_discount": 20}
        )
        self.product.categ_id = self.env["product.category"].create(
            {"name": "Street lamps", "parent_id": parent.id}
        )
        order = self._contract(discount=15)
        self.assertFalse(order.is_special_contract)
        order.order_line.with_user(self.rep_a).write({"discount": 25})
        self.assertTrue(order.is_special_contract)

    def test_price_below_pricelist_is_special(self):
        """Lowering the unit price below the pricelist price makes the contract special."""
        order = self._contract()
        order.order_line.with_user(self.rep_a).write({"price_unit": 900})
        self.assertTrue(order.is_special_contract)
        self.assertAlmostEqual(order.max_granted_discount, 10.0)

    def test_long_payment_term_is_special(self):
        """A payment term beyond the standard days makes the contract special."""
        order = self._contract()
        order.with_user(self.rep_a).payment_term_id = self.term_90
        self.assertTrue(order.is_special_contract)
        self.assertTrue(order.has_long_payment_term)
        self.assertEqual(order.payment_term_days, 90)

    def test_modified_or_supplementary_clause_is_special(self):
        """Standard clauses keep a contract standard; a supplementary one makes it special."""
        order = self._contract()
        Clause = self.env["sales.contract.clause"].with_user(self.rep_a)
        Clause.create({"order_id": order.id, "name": "Warranty", "clause_type": "standard"})
        self.assertFalse(order.is_special_contract)
        Clause.create({"order_id": order.id, "name": "Penalty", "clause_type": "supplementary"})
        self.assertTrue(order.is_special_contract)
        self.assertTrue(order.has_special_clauses)

    def test_lowered_limit_applies_before_sending(self):
        """A limit lowered in Settings applies to open quotations when they are sent."""
        self.env.company.contract_max_discount = 20
        order = self._contract(discount=15)
        self.assertFalse(order.is_special_contract)
        self.env.company.contract_max_discount = 10
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_quotation_send()


@tagged("post_install", "-at_install")
class TestContractFields(SpecialContractCase):
    """No blank fields in a contract."""

    def test_blank_fields_are_listed(self):
        """The order names the required fields it leaves blank."""
        order = self._contract()
        order.client_order_ref = False
        field = self.env.ref("sale.field_sale_order__client_order_ref")
        self.assertIn(field.field_description, order.with_user(self.rep_a).missing_contract_fields)

    def test_blank_fields_block_sending_for_validation(self):
        """A rep cannot send an order with blank fields for validation."""
        order = self._contract()
        order.payment_term_id = False
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).request_validation()
        self.assertFalse(order.review_ids)

    def test_blank_fields_block_confirmation(self):
        """Without any approval tier, blank fields still block confirmation."""
        self.tier_manager.active = False
        order = self._contract()
        order.client_order_ref = False
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_confirm()
        order.with_user(self.rep_a).client_order_ref = "PO-7"
        order.with_user(self.rep_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_admin_edits_required_fields(self):
        """The governance admin decides which fields are required."""
        order = self._contract()
        order.client_order_ref = False
        self.required_ref.with_user(self.gov_admin).active = False
        self.assertFalse(order.with_user(self.rep_a).missing_contract_fields)
        with self.assertRaises(AccessError):
            self.required_ref.with_user(self.manager_a).active = True


@tagged("post_install", "-at_install")
class TestContractReviewRouting(SpecialContractCase):
    """Who reviews which contract, in which order."""

    def test_standard_order_goes_to_team_manager(self):
        """Every order is signed off by the manager of its team, and only by them."""
        order = self._contract()
        reviews = order.with_user(self.rep_a).request_validation()
        self.assertEqual(reviews.definition_id, self.tier_manager)
        self.assertEqual(reviews.reviewer_ids, self.manager_a)
        with self.assertRaises(UserError):
            self._review(order, self.director)
        self._review(order, self.manager_a, comment="Every clause checked")
        self.assertEqual(order.validation_status, "validated")
        self.assertRecordValues(
            order.review_ids,
            [{"done_by": self.manager_a.id, "comment": "Every clause checked"}],
        )
        self.assertTrue(order.review_ids.reviewed_date)

    def test_large_special_order_goes_to_director_after_manager(self):
        """A special order above the amount threshold goes to the director, after the manager."""
        order = self._contract(qty=150, discount=12)
        order.with_user(self.rep_a).request_validation()
        self.assertEqual(
            order.review_ids.sorted("sequence").definition_id,
            self.tier_manager | self.tier_director,
        )
        with self.assertRaises(UserError):
            self._review(order, self.director)
        self._review(order, self.manager_a)
        self._review(order, self.director)
        self.assertEqual(order.validation_status, "validated")

    def test_admin_raises_director_threshold(self):
        """Raising the director's thresholds in the tier spares the director smaller orders."""
        self.tier_director.with_user(self.gov_admin).amount_threshold = 500000
        order = self._contract(qty=150, discount=12)
        order.with_user(self.rep_a).request_validation()
        self.assertEqual(order.review_ids.definition_id, self.tier_manager)

    def test_long_payment_term_goes_to_finance(self):
        """A long payment term goes to the finance reviewers, who read the order."""
        order = self._contract()
        order.payment_term_id = self.term_90
        order.with_user(self.rep_a).request_validation()
        self.assertIn(self.tier_finance, order.review_ids.definition_id)
        self._review(order, self.manager_a)
        self.assertTrue(order.with_user(self.finance).can_review)
        order.with_user(self.finance).web_read(
            {
                "special_reasons": {},
                "invoice_count": {},
                "order_line": {"fields": {"name": {}, "price_subtotal": {}}},
                "review_ids": {"fields": {"status": {}, "done_by": {}, "comment": {}}},
            }
        )
        self._review(order, self.finance, comment="90 days accepted for this customer")
        self.assertEqual(order.validation_status, "validated")

    def test_clauses_go_to_legal(self):
        """Modified clauses go to the legal reviewers."""
        order = self._contract()
        order.clause_ids = [Command.create({"name": "Liability", "clause_type": "modified"})]
        order.with_user(self.rep_a).request_validation()
        self.assertIn(self.tier_legal, order.review_ids.definition_id)
        self._review(order, self.manager_a)
        self._review(order, self.legal)
        self.assertEqual(order.validation_status, "validated")

    def test_reviewers_see_only_orders_they_review(self):
        """Finance reviewers read the orders they review, not the others."""
        order = self._contract()
        order.payment_term_id = self.term_90
        order.with_user(self.rep_a).request_validation()
        self.assertVisible(self.finance, order)
        self.assertVisible(self.finance, order.order_line)
        Order = self.env["sale.order"].with_user(self.finance)
        self.assertFalse(Order.search([("id", "=", self.order_b.id)]))
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.finance).read(["name"])

    def test_manager_own_order_goes_to_director(self):
        """A manager selling in their own team is signed off by the director, not by themself."""
        order = self._contract(user=self.manager_a)
        self.assertIn(self.director, order.manager_reviewer_ids)
        self.assertNotIn(self.manager_a, order.manager_reviewer_ids)
        order.with_user(self.manager_a).request_validation()
        with self.assertRaises(UserError):
            self._review(order, self.manager_a)
        self._review(order, self.director)
        self.assertEqual(order.validation_status, "validated")

    def test_reviewer_cannot_approve_own_order(self):
        """A rep who is also a finance reviewer cannot approve their own long payment term."""
        self.rep_a.group_ids = [
            Command.link(self.env.ref("sales_governance.group_contract_finance_reviewer").id)
        ]
        order = self._contract()
        order.payment_term_id = self.term_90
        order.with_user(self.rep_a).request_validation()
        self._review(order, self.manager_a)
        finance_review = order.review_ids.filtered(lambda r: r.definition_id == self.tier_finance)
        self.assertNotIn(self.rep_a, finance_review.reviewer_ids)
        with self.assertRaises(UserError):
            self._review(order, self.rep_a)
        self.assertEqual(finance_review.status, "pending")

    def test_rejection_blocks_confirmation(self):
        """A rejected quotation cannot be confirmed."""
        order = self._contract()
        order.with_user(self.rep_a).request_validation()
        self._review(order, self.manager_a, decision="reject", comment="Wrong customer")
        self.assertEqual(order.validation_status, "rejected")
        with self.assertRaises(ValidationError):
            order.with_user(self.rep_a).action_confirm()

    def test_validated_order_is_confirmed_and_keeps_reviews(self):
        """After every tier approved, the rep confirms and the reviews stay on the order."""
        order = self._validated(self._contract(qty=150, discount=25))
        order.with_user(self.rep_a).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.review_ids.done_by, self.manager_a | self.director)

    def test_to_review_queue_on_phone(self):
        """The manager's "To Review" queue lists the orders waiting for them, in a kanban."""
        order = self._contract()
        order.with_user(self.rep_a).request_validation()
        action = self.env.ref("sales_contract_review.sale_order_action_to_review")
        self.assertEqual(action.mobile_view_mode, "kanban")
        SaleOrder = self.env["sale.order"].with_user(self.manager_a)
        self.assertIn(order, SaleOrder.search(literal_eval(action.domain)))
        self.assertNotIn(
            order, SaleOrder.with_user(self.manager_b).search([("can_review", "=", True)])
        )
        kanban = self.env.ref("sales_contract_review.sale_order_view_kanban_review")
        views = SaleOrder.get_views([(kanban.id, "kanban")])
        self.assertIn("validate_tier", views["views"]["kanban"]["arch"])


@tagged("post_install", "-at_install")
class TestContractReviewBypass(SpecialContractCase):
    """Nobody goes around the review."""

    def test_rep_cannot_write_state_sale(self):
        """Even on a validated order, a rep cannot write the confirmed state over RPC."""
        order = self._validated(self._contract())
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).write({"state": "sale"})

    def test_rep_cannot_confirm_unvalidated_special(self):
        """A rep cannot confirm a special quotation nobody approved."""
        order = self._contract(discount=30)
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_rep_cannot_confirm_without_manager_sign_off(self):
        """A standard quotation also needs the manager's sign-off."""
        order = self._contract()
        with self.assertRaises(ValidationError):
            order.with_user(self.rep_a).action_confirm()

    def test_special_quotation_cannot_be_sent_before_validation(self):
        """A special quotation is neither emailed nor marked as sent before its review."""
        order = self._contract(discount=30)
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_quotation_send()
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_quotation_sent()
        self._validated(order)
        order.with_user(self.rep_a).action_quotation_sent()
        self.assertEqual(order.state, "sent")

    def test_special_quotation_cannot_be_printed_before_validation(self):
        """A special quotation cannot be printed for the customer before its review."""
        order = self._contract(discount=30)
        Report = self.env["ir.actions.report"].with_user(self.rep_a)
        with self.assertRaises(UserError):
            Report._render_qweb_html("sale.action_report_saleorder", order.ids)
        Report._render_qweb_html("sale.action_report_saleorder", self._contract().ids)

    def test_line_edit_after_validation_reopens_review(self):
        """Changing a price after validation discards the approvals and logs them."""
        order = self._validated(self._contract())
        order.order_line.with_user(self.rep_a).write({"discount": 30})
        self.assertFalse(order.review_ids)
        self.assertTrue(order.need_validation)
        self.assertIn("Checked", order.message_ids[0].body)
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_confirm()

    def test_new_line_or_clause_after_validation_reopens_review(self):
        """Adding a line or a clause after validation re-opens the review."""
        order = self._validated(self._contract())
        order.order_line.with_user(self.rep_a).create(
            {"order_id": order.id, "product_id": self.product.id}
        )
        self.assertFalse(order.review_ids)
        self._validated(order)
        self.env["sales.contract.clause"].with_user(self.rep_a).create(
            {"order_id": order.id, "name": "Delivery"}
        )
        self.assertFalse(order.review_ids)

    def test_confirmed_prices_and_clauses_are_locked(self):
        """After confirmation the rep can change neither prices, payment term nor clauses."""
        order = self._validated(self._contract(qty=5))
        order.with_user(self.rep_a).action_confirm()
        with self.assertRaises(UserError):
            order.order_line.with_user(self.rep_a).write({"discount": 30})
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).payment_term_id = self.term_90
        with self.assertRaises(UserError):
            self.env["sales.contract.clause"].with_user(self.rep_a).create(
                {"order_id": order.id, "name": "Late extra", "clause_type": "supplementary"}
            )


@tagged("post_install", "-at_install")
class TestTierReviewHole(SpecialContractCase):
    """Reviews are evidence: only the validation engine makes or changes them."""

    def setUp(self):
        super().setUp()
        self.order = self._contract()
        self.review = self.order.with_user(self.rep_a).request_validation().sudo(False)

    def test_nobody_forges_a_review(self):
        """Neither a rep nor a manager can create an approved review over RPC."""
        vals = {
            "model": "sale.order",
            "res_id": self.order_b.id,
            "definition_id": self.tier_manager.id,
            "status": "approved",
        }
        for user in (self.rep_a, self.manager_a, self.director):
            with self.assertRaises(AccessError):
                self.env["tier.review"].with_user(user).create(vals)

    def test_rep_cannot_approve_a_review_by_write(self):
        """A rep cannot approve a review or make themself its reviewer."""
        review = self.review.with_user(self.rep_a)
        with self.assertRaises(AccessError):
            review.write({"status": "approved", "done_by": self.rep_a.id})
        with self.assertRaises(AccessError):
            review.write({"reviewer_ids": [Command.set(self.rep_a.ids)]})
        self.assertEqual(self.review.status, "pending")

    def test_reviewer_only_comments_by_write(self):
        """The reviewer may comment their review but approves only through the document."""
        review = self.review.with_user(self.manager_a)
        review.comment = "Looking into it"
        with self.assertRaises(AccessError):
            review.write({"status": "approved"})
        with self.assertRaises(AccessError):
            self.review.with_user(self.manager_b).comment = "Not mine"

    def test_nobody_deletes_reviews(self):
        """A rep cannot delete the reviews of their order, directly or through the order."""
        with self.assertRaises(AccessError):
            self.review.with_user(self.rep_a).unlink()
        self._review(self.order, self.manager_a)
        self.order.with_user(self.rep_a).action_confirm()
        with self.assertRaises(AccessError):
            self.order.with_user(self.rep_a).write({"review_ids": [Command.delete(self.review.id)]})
        self.assertTrue(self.review.exists())

    def test_comment_wizard_cannot_skip_the_queue(self):
        """The director cannot approve their later tier through the comment wizard."""
        order = self._contract(qty=150, discount=25)
        order.with_user(self.rep_a).request_validation()
        director_review = order.review_ids.filtered(lambda r: r.definition_id == self.tier_director)
        self.env["comment.wizard"].with_user(self.director).create(
            {
                "res_model": "sale.order",
                "res_id": order.id,
                "review_ids": [Command.set(director_review.ids)],
                "validate_reject": "validate",
                "comment": "Skipping the manager",
            }
        ).add_comment()
        self.assertNotEqual(director_review.status, "approved")

    def test_settings_admin_may_correct_a_review(self):
        """A settings administrator can still correct a review."""
        self.review.with_user(self.env.ref("base.user_admin")).comment = "Corrected"
        self.assertEqual(self.review.comment, "Corrected")


@tagged("post_install", "-at_install")
class TestSecurityReviewHoles(SpecialContractCase):
    """Holes found by the security review: each test goes through the hole as the
    restricted user and expects it closed."""

    def test_compute_context_does_not_skip_review(self):
        """The ``sale_write_from_compute`` context a client sends changes nothing."""
        order = self._validated(self._contract())
        order.order_line.with_user(self.rep_a).with_context(sale_write_from_compute=True).write(
            {"discount": 60}
        )
        self.assertFalse(order.review_ids)
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_quotation_send()
        order = self._validated(self._contract())
        order.with_user(self.rep_a).action_confirm()
        with self.assertRaises(UserError):
            order.order_line.with_user(self.rep_a).with_context(sale_write_from_compute=True).write(
                {"discount": 60}
            )

    def test_no_special_line_on_confirmed_order(self):
        """A rep cannot add a line below the standard price to a confirmed order, nor
        raise the quantities of a confirmed special contract."""
        order = self._validated(self._contract(qty=5))
        order.with_user(self.rep_a).action_confirm()
        Line = self.env["sale.order.line"].with_user(self.rep_a)
        with self.assertRaises(UserError):
            Line.create({"order_id": order.id, "product_id": self.product.id, "discount": 90})
        Line.create({"order_id": order.id, "product_id": self.product.id})
        self.assertFalse(order.is_special_contract)
        special = self._validated(self._contract(qty=5, discount=30))
        special.with_user(self.rep_a).action_confirm()
        with self.assertRaises(UserError):
            special.order_line.with_user(self.rep_a).product_uom_qty = 50
        with self.assertRaises(UserError):
            Line.create({"order_id": special.id, "product_id": self.product.id})

    def test_rep_cannot_write_validation_fields(self):
        """A rep cannot mark their special quotation validated and then send it."""
        order = self._contract(discount=30).with_user(self.rep_a)
        order.request_validation()
        for vals in (
            {"validation_status": "validated"},
            {"need_validation": True},
            {"review_ids": [Command.clear()]},
        ):
            with self.assertRaises(AccessError):
                order.write(vals)
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.rep_a).create(
                {"partner_id": self.customer_a.id, "validation_status": "validated"}
            )
        forged = (
            self.env["sale.order"]
            .with_user(self.rep_a)
            .with_context(default_validation_status="validated")
            .create({"partner_id": self.customer_a.id})
        )
        self.assertEqual(forged.validation_status, "no")
        with self.assertRaises(UserError):
            order.action_quotation_send()

    def test_web_client_save_of_a_new_quotation(self):
        """The web client sends empty or unchanged validation fields when it saves a new
        quotation: that is no forgery (the quotation is saved), unlike a made-up value."""
        Order = self.env["sale.order"].with_user(self.rep_a)
        order = Order.create(
            {
                "partner_id": self.customer_a.id,
                "review_ids": [],
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.write({"review_ids": [], "note": "交货期 30 天"})
        self.assertEqual(order.validation_status, "no")
        with self.assertRaises(AccessError):
            Order.create({"partner_id": self.customer_a.id, "review_ids": [Command.create({})]})

    def test_gates_read_the_reviews(self):
        """Even a stored status out of step with the reviews lets nothing through."""
        order = self._contract(discount=30)
        order.with_user(self.rep_a).request_validation()
        order.sudo().with_context(skip_validation_check=True).validation_status = "validated"
        self.assertEqual(order.validation_status, "validated")
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_quotation_send()
        with self.assertRaises(UserError):
            order.with_user(self.rep_a).action_confirm()

    def test_odoobot_cannot_confirm_unreviewed_special(self):
        """Payment post-processing (OdooBot) does not confirm a special quotation nobody
        reviewed; server code writing the state as superuser still may."""
        order = self._contract(discount=30)
        with self.assertRaises(UserError):
            order.with_user(self.env.ref("base.user_root")).action_confirm()
        self.assertEqual(order.state, "draft")
        order.write({"state": "sale"})
        self.assertEqual(order.state, "sale")

    def test_manager_cannot_review_own_order(self):
        """A manager creating an order for their team does not sign it off, and an
        order without salesperson is not sent for validation."""
        Order = self.env["sale.order"].with_user(self.manager_a)
        vals = {
            "partner_id": self.customer_a.id,
            "team_id": self.team_a.id,
            "payment_term_id": self.term_30.id,
            "client_order_ref": "PO-M",
            "order_line": [Command.create({"product_id": self.product.id})],
        }
        order = Order.create({**vals, "user_id": False})
        with self.assertRaises(UserError):
            order.request_validation()
        order = Order.create({**vals, "user_id": self.rep_a.id})
        self.assertNotIn(self.manager_a, order.manager_reviewer_ids)
        self.assertIn(self.director, order.manager_reviewer_ids)
        order.request_validation()
        with self.assertRaises(UserError):
            self._review(order, self.manager_a)
        self._review(order, self.director)
        self.assertEqual(order.validation_status, "validated")

    def test_rep_cannot_choose_reviewing_team(self):
        """The sign-off goes to the leader of the salesperson's team, whatever team the
        rep puts on the order."""
        order = self._contract(team=self.team_b)
        order.with_user(self.rep_a).team_id = self.team_b
        self.assertEqual(order.manager_reviewer_ids, self.manager_a)
        reviews = order.with_user(self.rep_a).request_validation()
        self.assertEqual(reviews.reviewer_ids, self.manager_a)
        with self.assertRaises(UserError):
            self._review(order, self.manager_b)

    def test_reviewer_rep_cannot_edit_reviewed_orders(self):
        """A rep who also reviews reads the orders they review but edits none of them."""
        self.rep_a2.group_ids = [
            Command.link(self.env.ref("sales_governance.group_contract_finance_reviewer").id)
        ]
        order = self._contract()
        order.payment_term_id = self.term_90
        order.clause_ids = [Command.create({"name": "Warranty"})]
        order.with_user(self.rep_a).request_validation()
        self.assertIn(self.rep_a2, order.sudo().review_ids.reviewer_ids)
        order.with_user(self.rep_a2).read(["name"])
        with self.assertRaises(AccessError):
            order.with_user(self.rep_a2).write({"signed_by": "Rep A2"})
        with self.assertRaises(AccessError):
            order.order_line.with_user(self.rep_a2).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            order.clause_ids.with_user(self.rep_a2).write({"content": "Hijacked"})
        with self.assertRaises(AccessError):
            order.clause_ids.with_user(self.rep_a2).unlink()

    def test_cancel_logs_discarded_reviews(self):
        """Cancelling a rejected quotation keeps the rejection in the chatter."""
        order = self._contract()
        order.with_user(self.rep_a).request_validation()
        self._review(order, self.manager_a, decision="reject", comment="Wrong customer")
        order.with_user(self.rep_a).write({"state": "cancel"})
        self.assertFalse(order.review_ids)
        self.assertIn("Wrong customer", order.message_ids[0].body)
        self.assertIn(self.manager_a.name, order.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestReviewsAreReadByThoseWhoReadTheOrder(SpecialContractCase):
    """A review, with its comment, is read by the order's readers and reviewers."""

    def test_other_rep_cannot_read_reviews(self):
        """Rep B finds, reads, groups and exports none of the reviews of rep A's order."""
        order = self._contract(discount=30)
        order.with_user(self.rep_a).request_validation()
        reviews = order.sudo().review_ids
        self.assertTrue(reviews)
        Review = self.env["tier.review"]
        self.assertEqual(Review.with_user(self.rep_a).search([("id", "in", reviews.ids)]), reviews)
        self.assertEqual(
            Review.with_user(self.manager_a).search_count([("id", "in", reviews.ids)]), len(reviews)
        )
        self.assertFalse(Review.with_user(self.rep_b).search([("id", "in", reviews.ids)]))
        self.assertFalse(
            Review.with_user(self.rep_b)._read_group([("id", "in", reviews.ids)], ["status"])
        )
        with self.assertRaises(AccessError):
            reviews.with_user(self.rep_b).read(["comment"])
        with self.assertRaises(AccessError):
            reviews.with_user(self.rep_b).export_data(["comment"])
        order.with_user(self.rep_a).read(["review_ids"])
        reviews.with_user(self.rep_a).read(["comment", "status"])


@tagged("post_install", "-at_install")
class TestApprovalFollowsTheContent(SpecialContractCase):
    """Confirmation checks the tiers the order needs now; any priced line change
    after review re-opens it; a confirmed order's amount does not move."""

    def test_longer_term_after_approval_needs_finance(self):
        """An approved ordinary order made special afterwards (90-day term, written even with
        the engine's skip key) cannot be confirmed without the finance tier."""
        order = self._validated(self._contract())
        order.with_context(skip_validation_check=True).write({"payment_term_id": self.term_90.id})
        self.assertTrue(order.has_long_payment_term)
        with self.assertRaises(ValidationError):
            order.with_user(self.rep_a).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_negative_line_after_approval_reopens_review(self):
        """A negative (or down-payment) line added after approval restarts the review."""
        order = self._validated(self._contract())
        self.assertEqual(order.validation_status, "validated")
        self.env["sale.order.line"].with_user(self.rep_a).create(
            {"order_id": order.id, "name": "让利", "price_unit": -500.0, "product_uom_qty": 1}
        )
        self.assertNotEqual(order.validation_status, "validated")
        with self.assertRaises(ValidationError):
            order.with_user(self.rep_a).action_confirm()

    def test_rep_cannot_change_amount_of_confirmed_order(self):
        """After confirmation a rep changes no quantity and adds no priced line."""
        order = self._validated(self._contract())
        order.with_user(self.rep_a).action_confirm()
        line = order.order_line[:1].with_user(self.rep_a)
        with self.assertRaises(UserError):
            line.write({"product_uom_qty": line.product_uom_qty - 1})
        with self.assertRaises(UserError):
            self.env["sale.order.line"].with_user(self.rep_a).create(
                {"order_id": order.id, "name": "让利", "price_unit": -500.0, "product_uom_qty": 1}
            )
        line.write({"name": "LED 路灯（含安装）"})
