from . import sales_kpi_indicator
