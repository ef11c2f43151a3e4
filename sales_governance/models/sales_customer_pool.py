from odoo import fields, models, tools
from odoo.tools import SQL

# Ownership events that put a customer in the pool (the newest says since when it is there).
POOL_EVENTS = ("release", "auto_release")


class SalesCustomerPool(models.Model):
    """The public pool (公海): what every representative may know of the customers nobody
    owns -- name, city, class and since when they are in the pool -- and where they claim one.

    The customer itself (contacts, documents, followers) is read only once claimed: record
    rules keep a pool customer's ``res.partner`` from representatives. An entry's id is the
    customer's.
    """

    _name = "sales.customer.pool"
    _description = "Public Pool"
    _auto = False
    _order = "pool_date desc, id desc"

    name = fields.Char(string="Customer", readonly=True)
    city = fields.Char(readonly=True)
    customer_class_id = fields.Many2one("sales.customer.class", readonly=True)
    pool_date = fields.Datetime(string="In the Pool Since", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT p.id, p.name, p.city, p.customer_class_id, p.company_id,
                           COALESCE(released.date, p.create_date) AS pool_date
                      FROM res_partner p
                      LEFT JOIN LATERAL (
                            SELECT max(l.create_date) AS date
                              FROM sales_customer_ownership_log l
                             WHERE l.partner_id = p.id AND l.event IN %s
                      ) released ON TRUE
                     WHERE p.parent_id IS NULL AND p.active AND p.ownership_state = 'pool'
                )
                """,
                SQL.identifier(self._table),
                POOL_EVENTS,
            )
        )

    # === ACTIONS === #
    def action_claim(self):
        """Claim these customers: the representative owns them at once, within the holding and
        daily limits and the cooldown (``res.partner._claim_from_pool``). One customer opens
        once claimed."""
        # An entry gone from the pool, or of another company, is refused like a claimed one.
        self.exists().check_access("read")
        partners = self.env["res.partner"].browse(self.ids)
        partners._claim_from_pool()
        if len(partners) != 1:
            return True
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer"),
            "res_model": "res.partner",
            "res_id": partners.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
