from . import sales_kpi_indicator, sales_complaint, sales_revisit, sales_work_log_line
