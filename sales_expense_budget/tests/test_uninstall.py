from odoo.tests import TransactionCase, tagged

from ..hooks import uninstall_hook


@tagged("post_install", "-at_install")
class TestUninstall(TransactionCase):
    def _function_exists(self):
        self.env.cr.execute(
            "SELECT 1 FROM pg_proc WHERE proname = 'sales_expense_budget_line_left'"
        )
        return bool(self.env.cr.fetchall())

    def test_uninstall_drops_the_budget_function(self):
        """The budget check's SQL function lives while the addon is installed, and goes with it."""
        self.assertTrue(self._function_exists())
        uninstall_hook(self.env)
        self.assertFalse(self._function_exists())
