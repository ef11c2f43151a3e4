from . import report_special_contract_review
from . import report_kpi_scorecard
