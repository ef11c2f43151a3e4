from . import test_ownership, test_tiers
from . import test_concurrency
from . import test_special_contract
from . import test_customer_creation, test_rpc_boundary

# Targets and KPI scorecards
from . import test_kpi_scorecard
from . import test_kpi_target
from . import test_kpi_security
from . import test_kpi_reference
