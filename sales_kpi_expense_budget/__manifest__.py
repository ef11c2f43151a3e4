{
    "name": "Sales KPIs from Expense Budgets",
    "summary": "KPI source read from the sales expenses: the expense ratio",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "sales_kpi",
        "sales_expense_budget",
    ],
    "auto_install": True,
}
