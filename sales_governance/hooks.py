from odoo.tools import SQL

from .models.sales_duplicate_check import EXACT_MATCHES_FUNCTION


def post_init_hook(env):
    """Customers that existed before installation join the ownership lock: those with a
    salesperson are protected for them since their creation (the earliest of several with the
    same key), the others go to the public pool. One statement, and every owner is logged."""
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
            ), decided AS (
                SELECT id, create_date,
                       CASE WHEN user_id IS NOT NULL AND name_rank = 1
                                 AND (vat_rank = 1 OR vat_rank IS NULL)
                            THEN user_id END AS owner_id
                  FROM customers
            ), logged AS (
                INSERT INTO sales_customer_ownership_log
                    (partner_id, new_user_id, event, reason, author_id,
                     create_uid, create_date, write_uid, write_date)
                SELECT id, owner_id, 'register', %(reason)s, %(uid)s,
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM decided WHERE owner_id IS NOT NULL
            )
            UPDATE res_partner p
               SET ownership_state = CASE WHEN d.owner_id IS NULL THEN 'pool' ELSE 'protected' END,
                   user_id = d.owner_id,
                   ownership_date = CASE WHEN d.owner_id IS NULL THEN NULL ELSE d.create_date END,
                   last_maintenance_date = CASE WHEN d.owner_id IS NULL THEN NULL
                                                ELSE now() at time zone 'UTC' END
              FROM decided d
             WHERE p.commercial_partner_id = d.id
         RETURNING p.id
            """,
            reason=env._("Customer before the ownership lock was installed"),
            uid=env.uid,
        )
    )
    partner_ids = [row[0] for row in env.cr.fetchall()]
    env["res.partner"].invalidate_model()
    # The end of protection is the partner's own compute (one source for the rule).
    partners = env["res.partner"].browse(partner_ids)
    env.add_to_compute(partners._fields["protection_end_date"], partners)
    partners.flush_recordset(["protection_end_date"])


def uninstall_hook(env):
    """Drop what the addon created outside the ORM: the duplicate check's SQL function."""
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(EXACT_MATCHES_FUNCTION)))
