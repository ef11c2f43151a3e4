from . import hr_expense, sales_kpi_indicator
