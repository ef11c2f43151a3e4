import os
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from ..models.sales_reach_guard_mixin import SalesReachGuardMixin


@tagged("post_install", "-at_install")
class TestReachGuard(TransactionCase):
    """Every model the sales governance addons define, or give record rules to, checks after
    a user's create and write that its records are still within that user's reach. The list
    comes from the registry, so that a model added later is held to it too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # every right, but not the superuser: the guard's own checks apply
        cls.user = cls.env.ref("base.user_admin")

    def _project_modules(self):
        """The installed addons of this repository (the directory of this addon)."""
        root = os.path.dirname(get_module_path("sales_governance_base"))
        installed = self.env["ir.module.module"].search([("state", "=", "installed")])
        return {
            module.name
            for module in installed
            if (path := get_module_path(module.name, display_warning=False))
            and os.path.dirname(path) == root
        }

    def _governed_models(self):
        """Models defined by the project's addons, and stock models they give record rules;
        not SQL views, which nothing writes."""
        modules = self._project_modules()
        self.assertIn("sales_kpi", modules)
        names = {name for name, cls in self.registry.items() if cls._original_module in modules}
        rules = self.env["ir.model.data"].search(
            [("model", "=", "ir.rule"), ("module", "in", list(modules))]
        )
        names |= set(
            self.env["ir.rule"].browse(rules.mapped("res_id")).exists().model_id.mapped("model")
        )
        return sorted(
            name
            for name in names
            if not self.registry[name]._abstract and self.registry[name]._auto
        )

    def test_every_model_inherits_the_guard(self):
        """Each governed model has the guard among its parents."""
        models = self._governed_models()
        for name in ("sales.kpi.scorecard", "sales.target", "hr.expense", "crm.lead"):
            self.assertIn(name, models)
        guard = self.registry["sales.reach.guard.mixin"]
        missing = [name for name in models if not issubclass(self.registry[name], guard)]
        self.assertFalse(missing, "models without sales.reach.guard.mixin")

    def test_every_model_reaches_the_guard(self):
        """A user's create and write of each governed model end in the guard (no override
        returns without it), unless the model refuses them to every user (evidence)."""
        for name in self._governed_models():
            model = self.env[name].with_user(self.user).browse()
            calls = {"write": lambda m=model: m.write({}), "create": lambda m=model: m.create([])}
            for operation, call in calls.items():
                with (
                    self.subTest(model=name, operation=operation),
                    patch.object(
                        SalesReachGuardMixin, "_check_within_reach", autospec=True
                    ) as check,
                ):
                    try:
                        call()
                    except (AccessError, UserError):
                        continue
                    self.assertIn(operation, [c.args[1] for c in check.call_args_list])

    def test_superuser_is_not_checked(self):
        """Server code running as superuser hands records on freely."""
        with patch.object(SalesReachGuardMixin, "_check_within_reach", autospec=True) as check:
            self.env["sales.notify.event"].sudo().browse().write({})
        check.assert_not_called()
