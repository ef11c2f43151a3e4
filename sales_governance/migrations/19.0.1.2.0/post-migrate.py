"""Record rules are data with noupdate: a representative reads a customer of the ownership lock
fully or not at all; pool customers are read through the public pool (sales.customer.pool)."""

RULES = {
    "res_partner_rule_sales_rep": (
        "['|', '|', ('ownership_state', '=', False), ('user_id', '=', user.id), "
        "('shared_user_ids', 'in', user.id)]"
    ),
}


def migrate(cr, version):
    for xmlid, domain in RULES.items():
        cr.execute(
            """
            UPDATE ir_rule r SET domain_force = %s,
                   name = 'Customers: own, shared with me, and partners outside the lock'
              FROM ir_model_data d
             WHERE d.model = 'ir.rule' AND d.module = 'sales_governance' AND d.name = %s
               AND d.res_id = r.id
            """,
            (domain, xmlid),
        )
