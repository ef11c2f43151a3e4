from . import (
    res_company,
    res_config_settings,
    sales_measured_mixin,
    sales_work_log,
    sales_work_log_line,
    sales_revisit,
    sales_complaint,
    sales_improvement_action,
    sale_order_line_revisit,
)
