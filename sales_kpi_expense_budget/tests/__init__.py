from . import test_expense_budget_kpi
