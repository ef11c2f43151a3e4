{
    "name": "Sales Contract Review",
    "summary": "Special contracts (特殊合同评审): discount, price, payment term and clause checks, no blank contract fields, tiered approval on OCA tier validation, printed review record",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "sales_governance",
        "sale_tier_validation",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_contract_review_security.xml",
        "data/res_groups_data.xml",
        "data/tier_definition_data.xml",
        "data/sales_contract_required_field_data.xml",
        "data/sales_notify_event_data.xml",
        "report/report_special_contract_review.xml",
        "views/sale_order_views.xml",
        "views/tier_definition_views.xml",
        "views/sales_contract_required_field_views.xml",
        "views/product_category_views.xml",
        "views/res_config_settings_views.xml",
        "views/sales_contract_review_menus.xml",
    ],
    "demo": [
        "demo/sale_order_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_contract_review/static/tests/tours/**/*",
        ],
    },
}
