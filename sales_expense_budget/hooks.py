from .models.sales_expense_budget_line import BUDGET_LINE_FUNCTION_SIGNATURE


def uninstall_hook(env):
    """Drop what the addon created outside the ORM: the budget check's SQL function."""
    env.cr.execute(f"DROP FUNCTION IF EXISTS {BUDGET_LINE_FUNCTION_SIGNATURE}")
