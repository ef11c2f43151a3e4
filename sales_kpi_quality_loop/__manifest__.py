{
    "name": "Sales KPIs from the Quality Loop",
    "summary": "KPI sources read from the quality loop: satisfaction of revisits, complaint rate, visits",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "sales_kpi",
        "sales_quality_loop",
    ],
    "auto_install": True,
}
