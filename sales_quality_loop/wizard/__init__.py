from . import sales_improvement_verify, sales_work_log_late
