from . import test_expense_budget
from . import test_expense_budget_concurrency
from . import test_expense_budget_integrity
from . import test_expense_budget_security
from . import test_group_robot_events
from . import test_uninstall
