from . import sales_improvement_verify
