{
    "name": "Sales Collection and Credit",
    "summary": "Collection plans (回款计划) from payment terms and invoices, aging, reminders and "
    "escalation; customer credit risk (OCA financial risk) as a special-contract reason "
    "reviewed by finance",
    "version": "19.0.1.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        # Special contracts and their finance review tier
        "sales_contract_review",
        # Credit limits and risk amounts of customers (OCA credit-control)
        "sale_financial_risk",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_collection_security.xml",
        "data/res_groups_data.xml",
        "data/tier_definition_data.xml",
        "data/mail_activity_type_data.xml",
        "data/sales_notify_event_data.xml",
        "data/ir_cron_data.xml",
        "views/sales_collection_line_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/sales_collection_menus.xml",
        "wizard/sales_customer_reassign_views.xml",
    ],
    "demo": [
        "demo/sales_collection_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
}
