{
    "name": "Sales Governance Base",
    "summary": "Shared guards of the sales governance addons: fields only a workflow writes, "
    "records a workflow locks, context keys a client may not send; the OCA approval engine "
    "closed to direct changes; WeCom and DingTalk group robots",
    "version": "19.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "base",
        # Group robots (企业微信 / 钉钉): links to records, sales teams
        "mail",
        "sales_team",
        # The OCA approval engine, closed to direct changes and worded in Chinese
        "base_tier_validation",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_notify_security.xml",
        "security/tier_review_security.xml",
        "data/ir_cron_data.xml",
        "views/sales_notify_robot_views.xml",
        "views/comment_wizard_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sales_governance_base/static/src/**/*",
        ],
        "web.assets_tests": [
            "sales_governance_base/static/tests/tours/**/*",
        ],
    },
}
