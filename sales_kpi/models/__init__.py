from . import sales_kpi_period  # first: targets and scorecards inherit it
from . import (
    crm_team,
    sales_kpi_indicator,
    sales_kpi_template,
    sales_kpi_template_line,
    sales_kpi_scorecard,
    sales_kpi_scorecard_compute,
    sales_kpi_scorecard_line,
    sales_target,
)
from . import sales_kpi_analysis  # last: a view over the tables above
