from . import test_kpi_reach
from . import test_kpi_report
from . import test_kpi_scorecard
from . import test_kpi_security
from . import test_kpi_target
