from contextlib import suppress

from odoo import models
from odoo.tools import file_path
from odoo.tools.translate import TranslationImporter

# Where an addon keeps its corrections of other addons' translations, one <lang>.po each.
OVERRIDE_DIR = "i18n_override"


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        """Load the terms, then the corrections of the installed addons (``i18n_override``):
        Odoo fills only empty terms from ``i18n_extra``, so a wrong translation of another
        addon (中等 for the UTM medium) is corrected here, whenever terms are (re)loaded."""
        res = super()._load_module_terms(modules, langs, overwrite=overwrite)
        importer = TranslationImporter(self.env.cr, verbose=False)
        loaded = False
        installed = self.search([("state", "in", ("installed", "to install", "to upgrade"))])
        for module in installed.mapped("name"):
            for lang in langs:
                with suppress(FileNotFoundError):
                    importer.load_file(file_path(f"{module}/{OVERRIDE_DIR}/{lang}.po"), lang)
                    loaded = True
        if loaded:
            importer.save(overwrite=True)
        return res
