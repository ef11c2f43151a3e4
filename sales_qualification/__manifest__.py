{
    "name": "Sales Qualifications",
    "summary": "Qualification certificates: register, three-department review, "
    "expiry alerts, borrow log and sales link",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "sales_governance",
        # Certificates dashboard (Dashboards app)
        "spreadsheet_dashboard",
    ],
    "data": [
        "security/sales_qualification_groups.xml",
        "security/ir.model.access.csv",
        "security/sales_qualification_security.xml",
        "data/ir_config_parameter_data.xml",
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
        "views/sales_qualification_borrow_views.xml",
        "views/sale_order_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/sales_qualification_menus.xml",
    ],
    "demo": [
        "demo/sales_qualification_demo.xml",
    ],
}
