{
    "name": "Sales Governance",
    "summary": "Customer ownership lock, special-contract approval, budgets, KPIs "
    "and work logs for a sales department run by written rules",
    "version": "19.0.1.2.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "crm",
        "sale_management",
        "sale_crm",
        "sale_margin",
        "hr_expense",
        "mail",
        "base_tier_validation",
        "sale_tier_validation",
        "hr_expense_tier_validation",
        "sales_governance_base",
        # Dashboard (销售管理) in the Dashboards app
        "spreadsheet_dashboard",
    ],
    "external_dependencies": {"python": ["python-stdnum", "opencc"]},
    "data": [
        "security/sales_governance_groups.xml",
        "security/ir.model.access.csv",
        "security/sales_governance_security.xml",
        "security/sales_expense_budget_security.xml",
        # Targets and KPI scorecards
        "security/sales_kpi_security.xml",
        "data/sales_kpi_indicator_data.xml",
        "wizard/sales_kpi_scorecard_generate_views.xml",
        "views/sales_target_views.xml",
        "views/sales_kpi_indicator_views.xml",
        "views/sales_kpi_template_views.xml",
        "views/sales_kpi_scorecard_views.xml",
        "views/sales_kpi_analysis_views.xml",
        "report/report_kpi_scorecard.xml",
        # (end of targets and KPI scorecards)
        "data/sales_governance_data.xml",
        "data/res_country_data.xml",
        "data/tier_definition_data.xml",
        "data/sales_contract_required_field_data.xml",
        "data/sales_expense_budget_data.xml",
        # Group robots (企业微信 / 钉钉)
        "data/sales_notify_event_data.xml",
        # Dashboard (销售管理)
        "data/spreadsheet_dashboard_data.xml",
        "wizard/sales_customer_reassign_views.xml",
        # Initial customer import (初始导入)
        "wizard/sales_customer_import_views.xml",
        # Printed records (特殊合同评审表)
        "report/report_special_contract_review.xml",
        "views/res_partner_views.xml",
        "views/sales_customer_pool_views.xml",
        "views/sales_customer_registration_views.xml",
        "views/sales_customer_access_request_views.xml",
        "views/sales_customer_log_views.xml",
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
        "views/tier_definition_views.xml",
        "views/sales_contract_required_field_views.xml",
        "views/product_category_views.xml",
        "views/res_config_settings_views.xml",
        # Work logs, revisits and complaints
        "security/sales_loop_security.xml",
        "data/sales_loop_data.xml",
        "wizard/sales_improvement_verify_views.xml",
        "views/sales_work_log_views.xml",
        "views/sales_revisit_views.xml",
        "views/sales_improvement_action_views.xml",
        "views/sales_complaint_views.xml",
        "views/res_config_settings_loop_views.xml",
        # end work logs, revisits and complaints
        # Sales expense budgets
        "views/sales_expense_category_views.xml",
        "views/sales_expense_budget_views.xml",
        "views/sales_expense_budget_increase_views.xml",
        "views/sales_expense_budget_report_views.xml",
        "views/hr_expense_views.xml",
        "views/res_config_settings_expense_budget_views.xml",
        # Every journey in the browser, in Chinese
        "data/res_groups_data.xml",
        "views/comment_wizard_views.xml",
        "views/sales_governance_menus.xml",
    ],
    "assets": {
        # Every journey in the browser, in Chinese
        "web.assets_tests": [
            "sales_governance/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "demo": [
        # First: the demo works in a Chinese company in CNY (see the file)
        "demo/res_company_demo.xml",
        "demo/sales_governance_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/sales_loop_demo.xml",
        "demo/sales_expense_budget_demo.xml",
        # Every journey in the browser, in Chinese
        "demo/res_users_demo.xml",
        # Targets and KPI scorecards
        "demo/sales_kpi_demo.xml",
    ],
}
