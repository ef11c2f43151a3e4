from .models.sales_expense_budget_line import DROP_BUDGET_LINE_FUNCTION


def uninstall_hook(env):
    """Drop what the addon created outside the ORM: the budget check's SQL function."""
    env.cr.execute(DROP_BUDGET_LINE_FUNCTION)
