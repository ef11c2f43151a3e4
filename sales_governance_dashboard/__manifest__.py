{
    "name": "Sales Governance Dashboard",
    "summary": "The 销售管理 dashboard: customers, special contracts, budgets, scorecards and complaints in the Dashboards app",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "sales_contract_review",
        "sales_expense_budget",
        "sales_kpi",
        "sales_quality_loop",
        "spreadsheet_dashboard",
    ],
    "data": [
        "data/spreadsheet_dashboard_data.xml",
    ],
    "auto_install": True,
}
