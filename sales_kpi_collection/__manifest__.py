{
    "name": "Sales KPIs from Collection Plans",
    "summary": "KPI source read from the collection plan: the on-time collection rate",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "sales_kpi",
        "sales_collection",
    ],
    "data": [
        "data/sales_kpi_indicator_data.xml",
    ],
    "auto_install": True,
}
