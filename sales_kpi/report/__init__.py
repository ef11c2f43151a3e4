from . import report_kpi_scorecard
