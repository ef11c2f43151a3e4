{
    "name": "Sales Targets and KPIs",
    "summary": "Targets cascaded company to team to salesperson, KPI indicators, weighted templates and scorecards (目标分解与绩效考核) computed set-based, leaderboard and printed record",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "sales_governance",
        "sale_margin",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_kpi_security.xml",
        "data/sales_kpi_indicator_data.xml",
        "wizard/sales_kpi_scorecard_generate_views.xml",
        "report/report_kpi_scorecard.xml",
        "views/sales_target_views.xml",
        "views/sales_kpi_indicator_views.xml",
        "views/sales_kpi_template_views.xml",
        "views/sales_kpi_scorecard_views.xml",
        "views/sales_kpi_analysis_views.xml",
        "views/sales_kpi_menus.xml",
    ],
    "demo": [
        "demo/sales_kpi_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_kpi/static/tests/tours/**/*",
        ],
    },
}
