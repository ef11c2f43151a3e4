"""Record rules are data with noupdate: bring the managers' rules to the one meaning of "teams I
lead" (the salesperson's teams, not the team field the salesperson chooses)."""

RULES = {
    "crm_lead_rule_sales_manager": "[('user_id.sales_manager_ids', 'in', user.id)]",
    "sale_order_rule_sales_manager": "[('user_id.sales_manager_ids', 'in', user.id)]",
    "sale_order_line_rule_sales_manager": "[('order_id.user_id.sales_manager_ids', 'in', user.id)]",
    "sale_report_rule_sales_manager": "[('user_id.sales_manager_ids', 'in', user.id)]",
    "sales_contract_clause_rule_sales_manager": (
        "[('order_id.user_id.sales_manager_ids', 'in', user.id)]"
    ),
}


def migrate(cr, version):
    for xmlid, domain in RULES.items():
        cr.execute(
            """
            UPDATE ir_rule r SET domain_force = %s
              FROM ir_model_data d
             WHERE d.model = 'ir.rule' AND d.module = 'sales_governance' AND d.name = %s
               AND d.res_id = r.id
            """,
            (domain, xmlid),
        )
