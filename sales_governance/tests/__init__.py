from . import test_ownership, test_tiers
from . import test_concurrency
from . import test_special_contract

# Sales expense budgets (SPEC 5.3)
from . import test_expense_budget
from . import test_expense_budget_concurrency, test_expense_budget_kpi
from . import test_expense_budget_security
