from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoTaxes(TransactionCase):
    """The demo company sells at China's VAT (skipped on a database without demo data): a
    quotation of rep1 (李娜) to her 合肥 customer gets no export position and 13 % VAT."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.rep1 = ref("sales_governance.user_rep1_demo", raise_if_not_found=False)
        cls.customer = ref("sales_governance.partner_hefei_lighting_demo", raise_if_not_found=False)
        cls.product = ref("sales_governance.product_led_street_lamp_demo", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not (self.rep1 and self.customer and self.product):
            self.skipTest("the demo data is not loaded")

    def test_domestic_quotation_at_chinese_vat(self):
        """The quotation's position is not an export one; its line carries 增值税 13%."""
        self.assertEqual(self.customer.country_id.code, "CN")
        Order = self.env["sale.order"].with_user(self.rep1).with_context(lang="zh_CN")
        with Form(Order) as form:
            form.partner_id = self.customer
            with form.order_line.new() as line:
                line.product_id = self.product
        order = form.record
        self.assertEqual(order.company_id, self.rep1.company_id)
        position = order.fiscal_position_id
        self.assertFalse(position.country_id and position.country_id.code != "CN")
        self.assertFalse(position and not position.country_id, "no position for every country")
        self.assertEqual(order.order_line.tax_ids.mapped("amount"), [13.0])
        self.assertEqual(order.order_line.tax_ids.mapped("name"), ["增值税 13%"])
        self.assertEqual(
            order.order_line.tax_ids.tax_group_id.with_context(lang="zh_CN").name, "增值税 13%"
        )
        self.assertEqual(self.rep1.company_id.account_fiscal_country_id.code, "CN")
