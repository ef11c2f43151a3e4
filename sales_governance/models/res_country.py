from odoo import api, models


class ResCountry(models.Model):
    _inherit = "res.country"

    @api.model
    def _set_china_vat_label(self):
        """Name China's tax ID 统一社会信用代码 (its unified social credit code): Odoo labels the
        field by the company's country on every partner view, list and message, the same name
        as on the registration form. Written in English and in every active language this
        addon translates; run again whenever its translations are loaded (a language added
        later)."""
        china = self.env.ref("base.cn", raise_if_not_found=False)
        if not china:
            return
        label = "Unified Social Credit Code"
        translations = {"en_US": label}
        for lang, __ in self.env["res.lang"].get_installed():
            translated = self.with_context(lang=lang).env._("Unified Social Credit Code")
            if lang != "en_US" and translated != label:
                translations[lang] = translated
        china.update_field_translations("vat_label", translations)


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        result = super()._load_module_terms(modules, langs, overwrite=overwrite)
        if "sales_governance" in modules:
            self.env["res.country"]._set_china_vat_label()
        return result
