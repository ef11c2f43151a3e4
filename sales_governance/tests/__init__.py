from . import test_ownership, test_tiers
from . import test_duplicate_check, test_access_request, test_ownership_cron
from . import test_customer_archive
from . import test_concurrency
from . import test_special_contract
from . import test_customer_creation, test_rpc_boundary
from . import test_contact_visibility, test_customer_routes, test_performance
from . import test_demo_visibility

# Work logs, revisits and complaints
from . import test_work_log, test_revisit, test_complaint, test_loop_security, test_loop_kpi

# Sales expense budgets
from . import test_expense_budget
from . import test_expense_budget_concurrency, test_expense_budget_kpi
from . import test_expense_budget_security

# Every journey in the browser, in Chinese
from . import test_approval_chinese

# Initial customer import (初始导入)
from . import test_customer_import

# Printed records (特殊合同评审表)
from . import test_printed_records

# Group robots (企业微信 / 钉钉)
from . import test_group_robots

# Dashboard (销售管理)
from . import test_dashboard

# Targets and KPI scorecards
from . import test_kpi_scorecard
from . import test_kpi_target
from . import test_kpi_security
from . import test_kpi_reference
