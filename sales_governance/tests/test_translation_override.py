from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTranslationOverride(TransactionCase):
    """Other addons' wrong Chinese is corrected whenever terms load (i18n_override)."""

    def test_utm_medium_reads_as_channel(self):
        """The UTM medium reads 媒介 (channel), not 中等 (medium size), even after the
        addons saying 中等 load their terms again over existing ones."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["utm", "crm", "sale"], ["zh_CN"], overwrite=True
        )
        self.env.registry.clear_cache()
        for model in ("crm.lead", "sale.order"):
            with self.subTest(model=model):
                fields = self.env[model].with_context(lang="zh_CN").fields_get(["medium_id"])
                self.assertEqual(fields["medium_id"]["string"], "媒介")
        # The priority "Medium" of an opportunity stays 中等.
        labels = dict(
            self.env["crm.lead"]
            .with_context(lang="zh_CN")
            .fields_get(["priority"])["priority"]["selection"]
        )
        self.assertEqual(labels["1"], "中等")
