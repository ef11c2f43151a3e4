from . import sales_customer_reassign

# Work logs, revisits and complaints
from . import sales_improvement_verify
