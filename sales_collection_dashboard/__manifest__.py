{
    "name": "Sales Collection Dashboard",
    "summary": "Receivables and overdue receipts by team in the Dashboards app, next to the "
    "销售管理 dashboard",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "sales_collection",
        "sales_governance_dashboard",
    ],
    "data": [
        "data/spreadsheet_dashboard_data.xml",
    ],
    "auto_install": True,
}
