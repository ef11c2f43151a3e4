from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestChinaTaxIdLabel(TransactionCase):
    def test_label_in_every_translated_language(self):
        china = self.env.ref("base.cn")
        china.update_field_translations("vat_label", {"en_US": "VAT", "zh_CN": "VAT"})
        self.env["res.country"]._set_china_vat_label()
        self.assertEqual(china.with_context(lang="en_US").vat_label, "Unified Social Credit Code")
        self.assertEqual(china.with_context(lang="zh_CN").vat_label, "统一社会信用代码")

    def test_loading_the_addon_terms_sets_it_again(self):
        """A language added after the install gets the label with the addon's terms."""
        china = self.env.ref("base.cn")
        china.update_field_translations("vat_label", {"zh_CN": "VAT"})
        self.env["ir.module.module"]._load_module_terms(["base"], ["zh_CN"])
        self.assertEqual(china.with_context(lang="zh_CN").vat_label, "VAT")
        self.env["ir.module.module"]._load_module_terms(["sales_governance"], ["zh_CN"])
        self.assertEqual(china.with_context(lang="zh_CN").vat_label, "统一社会信用代码")
