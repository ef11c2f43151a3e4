from . import sales_expense_budget_tier  # first: budgets and increases inherit it
from . import (
    hr_expense,
    product_product,
    res_company,
    res_config_settings,
    sales_expense_budget,
    sales_expense_budget_increase,
    sales_expense_budget_line,
    sales_expense_category,
    tier_definition,
)
from . import sales_expense_budget_report  # last: a view over the tables above
