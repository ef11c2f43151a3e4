{
    "name": "Sales Qualifications",
    "summary": "Qualification certificates: register, legal/finance/technical review tiers, "
    "expiry alerts, renewals, borrow log and the link to sales orders",
    "version": "19.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        # Orders and opportunities a certificate is borrowed for or sold with
        "sale_crm",
        # Certificate reviews (legal, finance, technical tiers)
        "base_tier_validation",
        # Workflow guard, review access, group robots
        "sales_governance_base",
        # Certificates dashboard (Dashboards app)
        "spreadsheet_dashboard",
    ],
    "data": [
        "security/sales_qualification_groups.xml",
        "security/ir.model.access.csv",
        "security/sales_qualification_security.xml",
        "data/tier_definition_data.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        # Group robots (企业微信 / 钉钉)
        "data/sales_notify_event_data.xml",
        "wizard/sales_qualification_decision_wizard_views.xml",
        "wizard/sales_qualification_renew_wizard_views.xml",
        "wizard/sales_qualification_request_wizard_views.xml",
        # Printed records (资质借阅单)
        "report/report_borrow_slip.xml",
        # Certificates dashboard, next to 销售管理
        "data/spreadsheet_dashboard_data.xml",
        "views/sales_qualification_type_views.xml",
        "views/sales_qualification_views.xml",
        "views/sales_qualification_review_views.xml",
        "views/tier_definition_views.xml",
        "views/sales_qualification_borrow_views.xml",
        "views/sale_order_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/sales_qualification_menus.xml",
    ],
    "demo": [
        "demo/sales_qualification_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_qualification/static/tests/tours/**/*",
        ],
    },
}
