from odoo import fields
from odoo.tools import SQL


def post_init_hook(env):
    """Customers that existed before installation join the ownership lock: those with a
    salesperson are protected for them since their creation (the earliest of several with the
    same key), the others go to the public pool. One statement decides, and the one change of
    ownership (``res.partner._change_ownership``) applies and logs it."""
    env["res.partner"].flush_model()
    env.cr.execute(
        SQL(
            """
            WITH customers AS (
                SELECT p.id, p.user_id, p.create_date,
                       row_number() OVER (PARTITION BY p.normalized_name ORDER BY p.create_date, p.id)
                           AS name_rank,
                       row_number() OVER (PARTITION BY p.normalized_vat ORDER BY p.create_date, p.id)
                           AS vat_rank
                  FROM res_partner p
                 WHERE p.parent_id IS NULL AND p.active AND p.customer_rank > 0
                   AND p.ownership_state IS NULL
                   AND p.id NOT IN (SELECT partner_id FROM res_users WHERE partner_id IS NOT NULL)
                   AND p.id NOT IN (SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL)
            )
            SELECT id, create_date,
                   CASE WHEN user_id IS NOT NULL AND name_rank = 1
                             AND (vat_rank = 1 OR vat_rank IS NULL)
                        THEN user_id END AS owner_id
              FROM customers
            """
        )
    )
    now = fields.Datetime.now()
    owned, pool = {}, {}
    for partner_id, create_date, owner_id in env.cr.fetchall():
        if owner_id:
            owned[partner_id] = (owner_id, "protected", create_date, now)
        else:
            pool[partner_id] = (None, "pool", None, None)
    # sudo: the install hook writes ownership of every customer
    Partner = env["res.partner"].sudo()
    reason = env._("Customer before the ownership lock was installed")
    if owned:
        Partner._change_ownership("register", reason, rows=owned, chatter=False)
    if pool:
        Partner._change_ownership(None, reason, rows=pool, chatter=False)
