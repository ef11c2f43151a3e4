from . import test_ownership, test_tiers
from . import test_concurrency
from . import test_special_contract
from . import test_customer_creation, test_rpc_boundary
from . import test_contact_visibility

# Work logs, revisits and complaints (SPEC 5.5)
from . import test_work_log, test_revisit, test_complaint, test_loop_security, test_loop_kpi

# Sales expense budgets (SPEC 5.3)
from . import test_expense_budget
from . import test_expense_budget_concurrency, test_expense_budget_kpi
from . import test_expense_budget_security
