from . import sales_customer_reassign

# Targets and KPI scorecards
from . import sales_kpi_scorecard_generate
