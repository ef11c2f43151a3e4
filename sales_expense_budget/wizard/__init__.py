from . import hr_expense_split_wizard
