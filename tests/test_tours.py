"""Each journey walked through the web client, as the tier's user, in Chinese.

Tours live in sales_governance/static/tests/tours/. Who is who (all zh_CN):

    tour_rep        sales rep of team 巡游一部      creates, registers, borrows
    tour_rep_b      sales rep of team 巡游一部      owns the customer tour_rep asks access to
    tour_manager    leader of 巡游一部              approves first, decides the stale queue
    tour_director   sales director                  approves large special orders
    tour_qmanager   qualification manager           approves borrowing
    tour_custodian  qualification custodian         hands certificates over, takes them back

and, on the demo database only, its users (login = password): rep1 (李娜) borrows.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

PHONE = "390x844"


class TourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        group = "base.group_user,sales_governance.group_%s"

        def user(login, groups, name):
            return new_test_user(env, login, groups, name=name, lang="zh_CN", tz="Asia/Shanghai")

        cls.rep = user("tour_rep", group % "sales_rep", "巡游销售")
        cls.rep_b = user("tour_rep_b", group % "sales_rep", "巡游销售乙")
        cls.manager = user("tour_manager", group % "sales_manager", "巡游经理")
        cls.director = user("tour_director", group % "sales_director", "巡游总监")
        cls.team = env["crm.team"].create(
            {
                "name": "巡游一部",
                "user_id": cls.manager.id,
                "member_ids": [Command.set([cls.rep.id, cls.rep_b.id])],
            }
        )
        cls.product = env["product.product"].create(
            {"name": "巡游路灯", "list_price": 1000.0, "type": "consu", "sale_ok": True}
        )
        cls.customer = cls._customer("巡游照明客户", cls.rep, "protected")

    @classmethod
    def _customer(cls, name, owner, state, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "user_id": owner.id,
                "ownership_state": state,
                "ownership_date": fields.Datetime.now() - timedelta(days=30),
                **vals,
            }
        )


class SpecialContractTourCase(TourCase):
    """The shipped tiers: every order to the team manager, a discount above 10 % also to the
    director. Required contract fields are out of the way (their own tests cover them)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.write({"contract_max_discount": 10.0})
        tiers = env.ref("sales_contract_review.tier_definition_sale_manager") | env.ref(
            "sales_contract_review.tier_definition_sale_director"
        )
        tiers.write({"active": True, "has_comment": True})
        (env["tier.definition"].search([("model", "=", "sale.order")]) - tiers).active = False
        env.ref("sales_contract_review.tier_definition_sale_director").write(
            {"amount_threshold": 100000, "discount_threshold": 10}
        )
        Required = env["sales.contract.required.field"].with_context(active_test=False)
        Required.search([]).active = False

    def _special_order(self):
        """A quotation of tour_rep with a 15 % discount, sent for approval."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.rep.id,
                "team_id": self.team.id,
                "order_line": [Command.create({"product_id": self.product.id, "discount": 15.0})],
            }
        )
        order.with_user(self.rep).request_validation()
        return order

    def _url(self, order):
        return f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}"

    def _approve(self, order, user):
        order = order.with_user(user)
        action = order.validate_tier()
        if action:
            wizard = self.env["comment.wizard"].with_user(user).with_context(**action["context"])
            wizard.create({"comment": "同意"}).add_comment()


@tagged("post_install", "-at_install")
class TestSpecialContractRep(SpecialContractTourCase):
    def test_rep_creates_and_requests_approval(self):
        """The rep saves a discounted quotation, sends it for approval and cannot confirm it."""
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding/new",
            "sg_quotation_rep_request",
            login="tour_rep",
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(order), 1)
        self.assertTrue(order.is_special_contract)
        self.assertEqual(order.validation_status, "pending")
        self.assertEqual(order.state, "draft")

    def test_director_approves_then_rep_confirms(self):
        """After the manager, the director approves; the rep then confirms the order."""
        order = self._special_order()
        self._approve(order, self.manager)
        self.start_tour(self._url(order), "sg_quotation_review_approve", login="tour_director")
        self.assertEqual(order.validation_status, "validated")
        self.start_tour(self._url(order), "sg_quotation_rep_confirm", login="tour_rep")
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestSpecialContractManagerOnPhone(SpecialContractTourCase):
    browser_size = PHONE
    touch_enabled = True

    def test_manager_approves_on_phone(self):
        """The team manager approves a special quotation from a phone."""
        order = self._special_order()
        self.start_tour(self._url(order), "sg_quotation_review_approve", login="tour_manager")
        self.assertIn(self.manager, order.review_ids.done_by)


@tagged("post_install", "-at_install")
class TestStaleQueueOnPhone(TourCase):
    """The manager decides a stale customer from its card on a phone."""

    browser_size = PHONE
    touch_enabled = True

    def test_stale_queue_keep(self):
        """Keep with owner is on the card; the customer leaves the queue, protected again."""
        stale = self._customer(
            "巡游久未维护客户",
            self.rep,
            "stale",
            last_maintenance_date=fields.Datetime.now() - timedelta(days=120),
        )
        self.start_tour(
            "/odoo/action-sales_governance.res_partner_action_stale",
            "sg_stale_queue_keep",
            login="tour_manager",
        )
        self.assertEqual(stale.ownership_state, "protected")


@tagged("post_install", "-at_install")
class TestPoolClaim(TourCase):
    """A rep claims a customer from the public pool, where only its name, city, class and
    date show, and reads its contacts once it is theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool = cls.env["res.partner"].create(
            {
                "name": "巡游公海客户",
                "is_company": True,
                "city": "芜湖",
                "phone": "0553-55500001",
                "ownership_state": "pool",
            }
        )

    def test_claim_from_pool(self):
        """领取 in the pool makes the customer the rep's and opens it."""
        self.start_tour(
            "/odoo/action-sales_governance.sales_customer_pool_action",
            "sg_pool_claim",
            login="tour_rep",
        )
        self.assertRecordValues(
            self.pool, [{"ownership_state": "protected", "user_id": self.rep.id}]
        )


@tagged("post_install", "-at_install")
class TestPoolClaimOnPhone(TestPoolClaim):
    """Claiming from the pool's cards on a phone-sized screen."""

    browser_size = PHONE
    touch_enabled = True


@tagged("post_install", "-at_install")
class TestCertificateBorrowJourney(TourCase):
    """A rep borrows a certificate from the menu; the register's keepers let it out and in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        qualification = "base.group_user,sales_qualification.group_qualification_%s"
        cls.qmanager = new_test_user(
            env, "tour_qmanager", qualification % "manager", name="巡游资质主管", lang="zh_CN"
        )
        cls.custodian = new_test_user(
            env, "tour_custodian", qualification % "custodian", name="巡游保管", lang="zh_CN"
        )
        today = fields.Date.today()
        cls.certificate = env["sales.qualification"].create(
            {
                "name": "巡游城市照明资质",
                "number": "TOUR-0001",
                "type_id": env["sales.qualification.type"]
                .create({"name": "巡游照明工程", "code": "TOUR"})
                .id,
                "issue_date": today - timedelta(days=365),
                "expiry_date": today + timedelta(days=400),
                "custodian_id": cls.custodian.id,
                "manager_id": cls.qmanager.id,
                "state": "valid",
            }
        )

    def test_borrow_request_from_menu(self):
        """Rep asks from 我的借阅申请 › 新建: the certificate picker offers the register."""
        self.start_tour(
            "/odoo/action-sales_qualification.sales_qualification_borrow_action_my",
            "sg_borrow_rep_request",
            login="tour_rep",
        )
        borrow = self.env["sales.qualification.borrow"].search(
            [("qualification_id", "=", self.certificate.id)]
        )
        self.assertRecordValues(borrow, [{"state": "requested", "borrower_id": self.rep.id}])

    def test_borrow_approve_hand_over_and_back(self):
        """The qualification manager approves, the custodian hands over and takes back."""
        borrow = (
            self.env["sales.qualification.borrow"]
            .with_user(self.rep)
            .create(
                {
                    "qualification_id": self.certificate.id,
                    "borrower_id": self.rep.id,
                    "purpose": "巡游路灯投标",
                    "expected_return_date": fields.Date.today() + timedelta(days=7),
                }
            )
        )
        borrow.action_request()
        queue = "/odoo/action-sales_qualification.sales_qualification_borrow_action_queue"
        self.start_tour(queue, "sg_borrow_manager_approve", login="tour_qmanager")
        self.assertEqual(borrow.state, "approved")
        self.start_tour(queue, "sg_borrow_custodian_handover", login="tour_custodian")
        self.assertEqual(borrow.state, "returned")


@tagged("post_install", "-at_install")
class TestRegistrationJourney(TourCase):
    """A rep registers a customer, then a duplicate, and asks access; the owner approves on a
    phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.taken = cls._customer("巡游乙方客户", cls.rep_b, "protected")

    def _approve_as_owner_on_phone(self, request):
        self.browser_size = PHONE
        self.touch_enabled = True
        self.start_tour(
            "/odoo/action-sales_governance.sales_customer_access_request_action",
            "sg_access_request_owner_approve",
            login="tour_rep_b",
        )
        self.assertEqual(request.state, "approved")

    def test_registration_new_then_duplicate(self):
        """A new customer is protected for the rep; the same name again is refused."""
        self.start_tour(
            "/odoo/action-sales_governance.sales_customer_registration_action/new",
            "sg_registration_rep",
            login="tour_rep",
        )
        new = self.env["res.partner"].search([("name", "=", "巡游新开发照明有限公司")])
        self.assertRecordValues(new, [{"ownership_state": "protected", "user_id": self.rep.id}])
        refused = self.env["sales.customer.registration"].search([("name", "=", "巡游乙方客户")])
        self.assertEqual(refused.state, "duplicate")

    def test_access_request_by_name(self):
        """The rep finds the customer by part of its name on the access-request form."""
        self.start_tour(
            "/odoo/action-sales_governance.sales_customer_access_request_action/new",
            "sg_access_request_by_name",
            login="tour_rep",
        )
        request = self.env["sales.customer.access.request"].search(
            [("partner_id", "=", self.taken.id), ("requester_id", "=", self.rep.id)]
        )
        self.assertEqual(request.state, "pending")
        self._approve_as_owner_on_phone(request)

    def test_ask_to_collaborate_from_refusal(self):
        """申请协作 on the refused registration sends an access request to the owner."""
        refused = (
            self.env["sales.customer.registration"]
            .with_user(self.rep)
            .with_context(lang="zh_CN")
            .create({"name": self.taken.name})
        )
        refused.action_submit()
        self.assertEqual(refused.state, "duplicate")
        self.start_tour(
            f"/odoo/action-sales_governance.sales_customer_registration_action/{refused.id}",
            "sg_registration_ask_access",
            login="tour_rep",
        )
        request = self.env["sales.customer.access.request"].search(
            [("partner_id", "=", self.taken.id), ("requester_id", "=", self.rep.id)]
        )
        self.assertEqual(request.state, "pending")
        self._approve_as_owner_on_phone(request)


@tagged("post_install", "-at_install")
class TestCertificateBorrowOnPhone(TestCertificateBorrowJourney):
    """The same journey on a phone-sized screen (the certificate picker was empty there)."""

    browser_size = PHONE
    touch_enabled = True


@tagged("post_install", "-at_install")
class TestCertificateBorrowOnDemo(HttpCase):
    """The demo database as a newcomer opens it (skipped without the demo data)."""

    def test_rep1_borrows_a_demo_certificate(self):
        """rep1 asks from 我的借阅申请 › 新建: the picker offers the demo register."""
        rep1 = self.env.ref("sales_governance.user_rep1_demo", raise_if_not_found=False)
        certificate = self.env.ref(
            "sales_qualification.sales_qualification_lighting_demo", raise_if_not_found=False
        )
        if not (rep1 and certificate):
            self.skipTest("the demo data is not loaded")
        self.start_tour(
            "/odoo/action-sales_qualification.sales_qualification_borrow_action_my",
            "sg_borrow_rep_request_demo",
            login="rep1",
        )
        borrow = self.env["sales.qualification.borrow"].search(
            [("qualification_id", "=", certificate.id), ("borrower_id", "=", rep1.id)]
        )
        self.assertRecordValues(borrow, [{"state": "requested"}])


@tagged("post_install", "-at_install")
class TestScorecardRepOnDemoPhone(HttpCase):
    """rep1 reads their own demo scorecard on a phone (skipped without the demo data)."""

    browser_size = PHONE
    touch_enabled = True

    def test_rep1_reads_own_scorecard(self):
        """Each line a card with actual, target and score within the screen's width."""
        rep1 = self.env.ref("sales_governance.user_rep1_demo", raise_if_not_found=False)
        scorecard = self.env["sales.kpi.scorecard"].search(
            [("user_id", "=", rep1.id if rep1 else 0), ("state", "!=", "draft")], limit=1
        )
        if not scorecard:
            self.skipTest("the demo data is not loaded")
        self.start_tour(
            f"/odoo/action-sales_kpi.sales_kpi_scorecard_action_my/{scorecard.id}",
            "sg_scorecard_rep_phone",
            login="rep1",
        )


@tagged("post_install", "-at_install")
class TestSpecialContractRepOnPhone(SpecialContractTourCase):
    """The rep's quotation journey on a phone-sized screen."""

    browser_size = PHONE
    touch_enabled = True

    test_rep_creates_and_requests_approval = (
        TestSpecialContractRep.test_rep_creates_and_requests_approval
    )


@tagged("post_install", "-at_install")
class TestRegistrationOnPhone(TestRegistrationJourney):
    """Registering, the duplicate and 申请协作 on a phone-sized screen."""

    browser_size = PHONE
    touch_enabled = True


@tagged("post_install", "-at_install")
class TestUserFacingDefaults(TransactionCase):
    """Where a sales user lands, and what the credit code is called."""

    def test_tier_sets_home_action_unless_chosen(self):
        customers = self.env.ref("sales_governance.res_partner_action_customers")
        to_review = self.env.ref("sales_contract_review.sale_order_action_to_review")
        quotations = self.env.ref("sale.action_quotations_with_onboarding")
        manager_group = self.env.ref("sales_governance.group_sales_manager")
        rep = new_test_user(
            self.env, "home_rep", "base.group_user,sales_governance.group_sales_rep"
        )
        self.assertEqual(rep.action_id.id, customers.id)
        finance = new_test_user(
            self.env, "home_fin", "sales_governance.group_contract_finance_reviewer"
        )
        self.assertEqual(finance.action_id.id, to_review.id)
        plain = new_test_user(self.env, "home_plain", "base.group_user")
        self.assertFalse(plain.action_id)
        plain.write({"group_ids": [Command.link(manager_group.id)]})
        self.assertEqual(plain.action_id.id, customers.id)
        chosen = new_test_user(self.env, "home_chosen", "base.group_user")
        chosen.action_id = quotations.id
        chosen.write({"group_ids": [Command.link(manager_group.id)]})
        self.assertEqual(chosen.action_id.id, quotations.id, "the admin's choice is kept")

    def test_credit_code_is_named_alike_everywhere(self):
        """A Chinese company's partner views name the tax ID as the registration form does."""
        china = self.env.ref("base.cn").with_context(lang="zh_CN")
        self.assertEqual(china.vat_label, "统一社会信用代码")
        registration = self.env["sales.customer.registration"].with_context(lang="zh_CN")
        self.assertEqual(
            registration._fields["vat"].get_description(registration.env)["string"],
            "统一社会信用代码",
        )
