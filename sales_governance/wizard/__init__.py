from . import sales_customer_reassign
from . import hr_expense_split_wizard  # Sales expense budgets (SPEC 5.3)
