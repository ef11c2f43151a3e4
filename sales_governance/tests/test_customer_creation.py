from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SalesGovernanceCase


@tagged("post_install", "-at_install")
class TestEveryCustomerIsChecked(SalesGovernanceCase):
    """Every way a customer comes to exist goes through the duplicate check and into the
    ownership lock: the contact form, a quick-create, an import or RPC, renaming one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.write(
            {
                "name": "东方电气照明有限公司",
                "city": "合肥",
                "phone": "0551-69990001",
                "email": "info@dfdq.com.cn",
                "vat": "91340100MA2N00001Q",
            }
        )
        cls.Partner = cls.env["res.partner"].with_context(res_partner_search_mode="customer")

    def test_same_name_is_refused_for_a_company_and_a_person(self):
        """Customers › New and the quick-create of a contact both refuse a protected name."""
        for vals in (
            {"name": "东方电气照明有限公司", "is_company": True},
            {"name": "东方电气照明有限公司"},
        ):
            with self.assertRaises(UserError) as refusal:
                self.Partner.with_user(self.rep_b).create(vals)
            self.assertIn(self.rep_a.name, str(refusal.exception))
        with self.assertRaises(UserError):
            self.Partner.with_user(self.rep_b).name_create("东方电气照明有限公司")

    def test_other_spellings_of_the_same_company_are_refused(self):
        """Traditional characters, a city in brackets, an extension, a mail sub-domain."""
        for vals in (
            {"name": "東方電氣照明股份有限公司", "is_company": True},
            {"name": "东方电气照明（合肥）有限公司", "is_company": True},
            {"name": "另一家公司", "is_company": True, "phone": "0551-69990001 转801"},
            {"name": "又一家公司", "is_company": True, "email": "li@sales.dfdq.com.cn"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.Partner.with_user(self.rep_b).create(vals)

    def test_new_customer_is_protected_for_its_creator_and_logged(self):
        """A rep's new customer is theirs at once; a person may share another person's name."""
        partner = self.Partner.with_user(self.rep_b).create(
            {"name": "皖江新材料有限公司", "is_company": True}
        )
        self.assertEqual((partner.ownership_state, partner.user_id), ("protected", self.rep_b))
        self.assertEqual(partner.ownership_log_ids.event, "register")
        self.Partner.with_user(self.rep_a).create({"name": "张伟"})
        other = self.Partner.with_user(self.rep_b).create({"name": "张伟"})
        self.assertEqual(other.user_id, self.rep_b)

    def test_non_sales_user_adds_customers_to_the_pool(self):
        """A customer made by someone outside sales belongs to nobody: it is in the pool."""
        self.employee.group_ids = [(4, self.env.ref("base.group_partner_manager").id)]
        partner = self.Partner.with_user(self.employee).create(
            {"name": "巢湖水务有限公司", "is_company": True}
        )
        self.assertEqual((partner.ownership_state, partner.user_id.id), ("pool", False))

    def test_rep_cannot_create_a_customer_for_someone_else(self):
        """The owner of a new customer is its creator, or a team member for their manager."""
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.rep_b).create(
                {"name": "马鞍山钢构有限公司", "is_company": True, "user_id": self.rep_a.id}
            )
        partner = self.Partner.with_user(self.manager_a).create(
            {"name": "马鞍山钢构有限公司", "is_company": True, "user_id": self.rep_a.id}
        )
        self.assertEqual(partner.user_id, self.rep_a)

    def test_renaming_or_rekeying_into_a_protected_customer_is_refused(self):
        """Renaming, giving the credit code or turning a contact into that company copies it."""
        own = self.Partner.with_user(self.rep_b).create({"name": "宣城灯具", "is_company": True})
        for vals in (
            {"name": "東方電氣照明有限公司"},
            {"vat": "91340100MA2N00001Q"},
            {"phone": "+86 551 6999 0001"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                own.with_user(self.rep_b).write(vals)
        self.Partner.with_user(self.rep_a).create({"name": "李强"})
        person = self.Partner.with_user(self.rep_b).create({"name": "李强"})
        with self.assertRaises(UserError):
            person.with_user(self.rep_b).write({"is_company": True})
        own.with_user(self.rep_b).write({"name": "宣城灯具制造有限公司"})

    def test_owner_of_pool_or_unowned_customer_is_not_writable(self):
        """A rep cannot take a pool customer by writing its salesperson: claim it instead."""
        with self.assertRaises(AccessError):
            self.pool_customer.with_user(self.rep_b).write({"user_id": self.rep_b.id})
        with self.assertRaises(AccessError):
            self.pool_customer.with_user(self.rep_b).write({"ownership_state": "protected"})
        self.env["sales.customer.pool"].with_user(self.rep_b).browse(
            self.pool_customer.id
        ).action_claim()
        self.assertEqual(self.pool_customer.user_id, self.rep_b)


@tagged("post_install", "-at_install")
class TestAskForAccess(SalesGovernanceCase):
    """A rep asks for access right where they learn a customer is taken, seeing only its name,
    owner and since when."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.write(
            {"name": "合肥晨曦照明工程有限公司", "phone": "0551-69990001", "email": "x@cx.cn"}
        )

    def test_refused_registration_offers_a_request(self):
        """The refused registration opens an access request for the customer it matched."""
        registration = (
            self.env["sales.customer.registration"]
            .with_user(self.rep_b)
            .create({"name": "晨曦照明工程有限公司"})
        )
        registration.action_submit()
        self.assertEqual(registration.state, "duplicate")
        action = registration.action_request_access()
        request = (
            self.env["sales.customer.access.request"]
            .with_user(self.rep_b)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual((request.partner_id, request.owner_id), (self.customer_a, self.rep_a))
        self.assertIn(
            request, self.env["sales.customer.access.request"].with_user(self.rep_a).search([])
        )
        draft = self.env["sales.customer.registration"].with_user(self.rep_b).create({"name": "新"})
        with self.assertRaises(UserError):
            draft.action_request_access()

    def test_directory_answers_a_name_with_owner_and_date_only(self):
        """Searching part of a name finds the customer with its owner; the customer itself,
        its phone and mail stay out of reach; an empty search lists nothing."""
        Directory = self.env["sales.customer.directory"].with_user(self.rep_b)
        found = Directory.web_name_search("晨曦", {"display_name": {}})
        self.assertEqual([entry["id"] for entry in found], [self.customer_a.id])
        self.assertIn(self.rep_a.name, found[0]["display_name"])
        self.assertFalse(Directory.search([]))
        self.assertFalse(Directory.search([("name", "ilike", "晨")]))
        with self.assertRaises(AccessError):
            Directory._read_group([], ["user_id"], ["__count"])
        self.assertNotIn("phone", Directory._fields)
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.rep_b).read(["phone"])
        log = self.env["sales.customer.lookup.log"].search([("user_id", "=", self.rep_b.id)])
        self.assertIn("晨曦", log.mapped("query"))

    def test_directory_cannot_be_read_by_id(self):
        """Reading entries by id (enumerating ids over RPC) lists nothing the representative
        has not looked up by name; what they found, they read; a manager lists the directory."""
        Directory = self.env["sales.customer.directory"].with_user(self.rep_b)
        other = self.customer_a2
        for call in (
            lambda: Directory.browse(other.id).read(["name", "user_id"]),
            lambda: Directory.browse(other.id).web_read({"display_name": {}}),
        ):
            with self.assertRaises(AccessError):
                call()
        Directory.web_name_search("Customer A2", {"display_name": {}})
        self.assertEqual(
            Directory.browse(other.id).read(["user_id"])[0]["user_id"][0], self.rep_a2.id
        )
        with self.assertRaises(AccessError):
            Directory.browse(self.customer_c.id).read(["name"])
        # The owner reads the entry of their own customer (an access request names it).
        own = self.env["sales.customer.directory"].with_user(self.rep_b)
        self.assertTrue(own.browse(self.customer_b.id).read(["name"]))
        manager = self.env["sales.customer.directory"].with_user(self.manager_a)
        self.assertTrue(manager.browse(self.customer_c.id).read(["name"]))


@tagged("post_install", "-at_install")
class TestBadInput(SalesGovernanceCase):
    """Bad input gets a clear, translated error and leaves nothing behind."""

    def test_unknown_selection_value_and_bad_date_are_refused(self):
        """Also for a selection whose list is computed (the registration's customer nature)."""
        Registration = self.env["sales.customer.registration"].with_user(self.rep_a)
        with self.assertRaises(ValidationError):
            Registration.create({"name": "甲公司", "customer_nature": "martian"})
        Request = self.env["sales.customer.access.request"].with_user(self.rep_b)
        with self.assertRaises(ValidationError):
            Request.create({"partner_id": self.customer_a.id, "reason": "x", "request_type": "own"})
        with self.assertRaises(ValidationError):
            Request.create(
                {"partner_id": self.customer_a.id, "reason": "x", "expiry_date": "31/02"}
            )
        self.assertFalse(Registration.search([("name", "=", "甲公司")]))
        Registration.create({"name": "甲公司", "customer_nature": "enterprise"})

    def test_overlong_company_name_is_refused_clearly(self):
        """A 2,000-character name is refused before it reaches the database index."""
        with self.assertRaises(ValidationError):
            self.env["res.partner"].with_user(self.rep_a).with_context(
                res_partner_search_mode="customer"
            ).create({"name": "长" * 2000, "is_company": True})

    def test_customer_names_are_bounded_on_every_path(self):
        """A sales user's customer name holds at most 256 characters and no NUL, on create,
        rename, quick-create and import: a clear error before the duplicate check or the
        database sees it, nothing written. 256 characters pass."""
        Partner = self.env["res.partner"].with_user(self.rep_a)
        customer = Partner.create({"name": "合肥长名测试有限公司", "is_company": True})
        count = Partner.search_count([])
        for name, regex in (("长" * 3000, "at most 256"), ("坏\x00名", "NUL")):
            with self.subTest(name=name[:5]):
                with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
                    Partner.create({"name": name, "is_company": True})
                with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
                    Partner.create({"name": name})
                with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
                    Partner.name_create(name)
                with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
                    customer.with_user(self.rep_a).write({"name": name})
                with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
                    customer.with_user(self.rep_a).write({"city": name})
                result = Partner.load(["name", "is_company"], [[name, "1"]])
                self.assertFalse(result["ids"])
                self.assertRegex(str(result["messages"]), regex)
        # The keys the duplicate check looks up: its error, not the database's.
        for fname in ("email", "vat", "phone"):
            vals = {"name": "合肥键值测试有限公司", "is_company": True, fname: "x@y\x00.cn"}
            with self.assertRaisesRegex(ValidationError, "NUL"), self.cr.savepoint():
                Partner.create(vals)
            with self.assertRaisesRegex(ValidationError, "NUL"), self.cr.savepoint():
                customer.with_user(self.rep_a).write({fname: "x@y\x00.cn"})
            with self.assertRaisesRegex(ValidationError, "at most 256"), self.cr.savepoint():
                Partner.create({**vals, fname: "9" * 3000})
        self.assertEqual(Partner.search_count([]), count)
        self.assertEqual(customer.name, "合肥长名测试有限公司")
        longest = Partner.create({"name": "长" * 256, "is_company": True})
        self.assertEqual(longest.user_id, self.rep_a)
        # In Chinese for a Chinese user.
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_governance_base"], ["zh_CN"])
        with self.assertRaises(ValidationError) as refusal:
            Partner.with_context(lang="zh_CN").create({"name": "长" * 3000, "is_company": True})
        self.assertRegex(str(refusal.exception), r"[\u4e00-\u9fff]+.*256")
        self.assertNotIn("too long", str(refusal.exception))

    def test_settings_are_bounded(self):
        """A maximum discount of 150 % or negative days are refused."""
        company = self.env.company
        for vals in (
            {"contract_max_discount": 150},
            {"contract_standard_payment_days": -1},
            {"protection_days": 0},
            {"reclaim_cooldown_days": -5},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                company.write(vals)


@tagged("post_install", "-at_install")
class TestNoCustomerOutsideTheLock(SalesGovernanceCase):
    """Every top-level partner a sales user creates, in any context, and every customer an
    order is confirmed for, is in the ownership lock; users' and companies' partners are not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Orders confirm without review here: the contract gates have their own tests.
        cls.env["tier.definition"].search([("model", "=", "sale.order")]).active = False
        if "sales.contract.required.field" in cls.env:
            Required = cls.env["sales.contract.required.field"].with_context(active_test=False)
            Required.search([]).active = False
        cls.customer_a.write({"phone": "0551-69990001"})
        cls.Partner = cls.env["res.partner"]  # no context: what an RPC client sends

    def test_rpc_create_without_context(self):
        """A company a rep creates with only name, phone, mail and is_company is protected
        for them, logged, and out of another rep's reach."""
        partner = self.Partner.with_user(self.rep_b).create(
            {
                "name": "巢湖照明有限公司",
                "phone": "0551-22223333",
                "email": "sales@chlighting.cn",
                "is_company": True,
            }
        )
        self.assertEqual((partner.ownership_state, partner.user_id), ("protected", self.rep_b))
        self.assertEqual(partner.ownership_log_ids.event, "register")
        self.assertInvisible(self.rep_a, partner)
        with self.assertRaisesRegex(UserError, "Rep A"):
            self.Partner.with_user(self.rep_b).create(
                {"name": "又一家公司", "phone": "0551-69990001", "is_company": True}
            )

    def test_quick_create_and_person(self):
        """A quick-created name and a person without a company are customers of their maker."""
        partner_id, _name = self.Partner.with_user(self.rep_b).name_create("宿州灯具厂")
        person = self.Partner.with_user(self.rep_b).create({"name": "刘工"})
        for partner in self.Partner.browse([partner_id]) | person:
            self.assertEqual((partner.ownership_state, partner.user_id), ("protected", self.rep_b))

    def test_import(self):
        """Partners imported by a rep are theirs; a row with another's phone is refused."""
        Partner = self.Partner.with_user(self.rep_b)
        result = Partner.load(["name", "is_company"], [["淮南照明工程有限公司", "1"]])
        partner = self.Partner.browse(result["ids"])
        self.assertEqual((partner.ownership_state, partner.user_id), ("protected", self.rep_b))
        result = Partner.load(["name", "phone"], [["淮北灯饰有限公司", "0551-69990001"]])
        self.assertFalse(result["ids"])
        self.assertIn(self.rep_a.name, str(result["messages"]))

    def _sell(self, partner, user):
        order = self.env["sale.order"].with_user(user).create({"partner_id": partner.id})
        order.with_user(user).action_confirm()
        return order

    def test_confirmed_order_locks_its_customer(self):
        """A partner outside the lock sold to (made before the lock, or by a superuser) is
        protected for the salesperson once the order is confirmed; made by nobody in sales
        and sold by nobody in sales, it goes to the pool."""
        outside = self.Partner.create({"name": "滁州市政工程有限公司", "is_company": True})
        self.assertFalse(outside.ownership_state)
        order = self._sell(outside, self.rep_b)
        self.assertEqual((outside.ownership_state, outside.user_id), ("protected", self.rep_b))
        self.assertIn(order.name, outside.ownership_log_ids.reason)
        self.assertInvisible(self.rep_a, outside)
        other = self.Partner.create({"name": "六安水务有限公司", "is_company": True})
        order = self.env["sale.order"].create({"partner_id": other.id, "user_id": False})
        order.action_confirm()
        self.assertEqual((other.ownership_state, other.user_id.id), ("pool", False))

    def test_confirmed_order_for_a_copy_of_a_protected_customer_is_refused(self):
        """An order for an old copy of rep A's customer (same phone) cannot lock it for rep B."""
        copy = self.Partner.create({"name": "旧档案", "phone": "0551-69990001", "is_company": True})
        with self.assertRaisesRegex(UserError, "Rep A"):
            self._sell(copy, self.rep_b)
        self.assertFalse(copy.ownership_state)

    def test_users_and_companies_stay_outside(self):
        """The partner of a new user or company made by a sales user who administers is no
        customer: everybody reads it, as in Odoo; selling to it does not lock it."""
        admin = new_test_user(
            self.env, "sg_admin_rep", "base.group_system,sales_governance.group_sales_director"
        )
        user = self.env["res.users"].with_user(admin).create({"name": "新同事", "login": "sg_new"})
        company = self.env["res.company"].with_user(admin).create({"name": "分公司"})
        for partner in user.partner_id | company.partner_id:
            self.assertFalse(partner.ownership_state)
            self.assertVisible(self.rep_a, partner)
        self._sell(user.partner_id, self.rep_b)
        self.assertFalse(user.partner_id.ownership_state)

    def test_vendor_of_someone_outside_sales_stays_outside(self):
        """A partner made outside sales that is no customer (a vendor) stays outside the lock."""
        self.employee.group_ids = [(4, self.env.ref("base.group_partner_manager").id)]
        vendor = self.Partner.with_user(self.employee).create({"name": "灯珠供应商"})
        self.assertFalse(vendor.ownership_state)
        self.assertVisible(self.rep_a, vendor)
