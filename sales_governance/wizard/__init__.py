from . import base_partner_merge_automatic_wizard
from . import sales_customer_reassign

# Work logs, revisits and complaints
from . import sales_improvement_verify
from . import hr_expense_split_wizard  # Sales expense budgets

# Initial customer import (初始导入)
from . import sales_customer_import
from . import sales_customer_import_line

# Targets and KPI scorecards
from . import sales_kpi_scorecard_generate
