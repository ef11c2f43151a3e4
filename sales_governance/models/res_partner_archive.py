from odoo import api, fields, models
from odoo.addons.sales_governance_base.jobs import job_lock
from odoo.tools import SQL

# Weighted parts of a complete customer archive (客户档案).
ARCHIVE_FIELDS = (
    "vat",
    "phone",
    "email",
    "street",
    "city",
    "customer_nature",
    "industry_id",
    "credit_rating",
    "child_ids",
)


class ResPartner(models.Model):
    """The customer archive (客户档案): nature, credit, lifecycle stage and value
    tier refreshed daily from confirmed orders, and how complete the archive is."""

    # One concern per file, as Odoo splits mail.thread: not merged with res_partner.py.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Customer archive (客户档案)
    customer_nature = fields.Selection(
        [
            ("government", "Government"),
            ("enterprise", "Enterprise"),
            ("distributor", "Distributor"),
            ("other", "Other"),
        ],
        index=True,
    )
    lifecycle_stage = fields.Selection(
        [("potential", "Potential"), ("new", "New"), ("old", "Old")],
        readonly=True,
        index=True,
        help="Potential: no confirmed order yet. New: first order in the last 12 months. "
        "Old: ordering for more than 12 months. Refreshed daily.",
    )
    value_tier = fields.Selection(
        [("key", "Key"), ("general", "General"), ("scattered", "Scattered")],
        readonly=True,
        index=True,
        help="From the sales of the last 12 months and the bounds set in Settings. Refreshed daily.",
    )
    trailing_sales_amount = fields.Monetary(
        string="Sales, Last 12 Months", readonly=True, currency_field="currency_id"
    )
    credit_rating = fields.Selection(
        [("a", "A - Excellent"), ("b", "B - Good"), ("c", "C - Watch"), ("d", "D - Cash Only")]
    )
    credit_days = fields.Integer(help="Payment days granted to this customer.", aggregator="avg")
    archive_completeness = fields.Integer(
        compute="_compute_archive_completeness", store=True, aggregator="avg"
    )
    archive_missing = fields.Char(compute="_compute_archive_missing")

    @api.depends(lambda self: self._get_archive_fields())
    def _compute_archive_completeness(self):
        archive_fields = self._get_archive_fields()
        for partner in self:
            filled = sum(1 for fname in archive_fields if partner[fname])
            partner.archive_completeness = round(100 * filled / len(archive_fields))

    @api.depends_context("lang")
    @api.depends(lambda self: self._get_archive_fields())
    def _compute_archive_missing(self):
        """What the archive lacks, in the reader's language (so not stored)."""
        archive_fields = self._get_archive_fields()
        labels = {
            fname: self._fields[fname]._description_string(self.env) for fname in archive_fields
        }
        # the credit code by the name the partner form gives it (the country's tax ID label)
        labels["vat"] = self.env.company.country_id.vat_label or self.env._(
            "Unified Social Credit Code"
        )
        separator = "、" if (self.env.lang or "").startswith("zh") else ", "
        for partner in self:
            # Whether a part is filled, not its value: some parts (the credit limit) are
            # restricted to accounting groups, and every reader of the customer sees the gaps.
            # sudo: whether each part is filled, not its value (see above)
            filled = partner.sudo()
            missing = [labels[fname] for fname in archive_fields if not filled[fname]]
            partner.archive_missing = separator.join(missing) or False

    @api.model
    def _get_archive_fields(self):
        """The parts of a complete customer archive, each counting the same in its
        completeness; domain addons add theirs (e.g. the credit limit)."""
        return ARCHIVE_FIELDS

    @api.model
    def _cron_refresh_archive(self):
        """Lifecycle stage and value tier from confirmed orders, in one statement per company
        (once at a time: a second worker at the same moment skips it)."""
        if not job_lock(self.env, "refresh_archive"):
            return
        self.env.flush_all()
        # sudo: the scheduled job refreshes the archive of every company
        for company in self.env["res.company"].sudo().search([("id", "!=", 0)]):
            self.env.cr.execute(
                SQL(
                    """
                    WITH sales AS (
                        SELECT so.partner_id AS partner_id,
                               MIN(so.date_order) AS first_order,
                               SUM(CASE WHEN so.date_order >= now() - interval '12 months'
                                        THEN so.amount_untaxed ELSE 0 END) AS amount
                          FROM sale_order so
                          JOIN res_partner p ON p.id = so.partner_id
                         WHERE so.state = 'sale' AND so.company_id = %(company)s
                      GROUP BY so.partner_id
                    ), per_customer AS (
                        SELECT p.commercial_partner_id AS id, MIN(s.first_order) AS first_order,
                               SUM(s.amount) AS amount
                          FROM sales s JOIN res_partner p ON p.id = s.partner_id
                      GROUP BY p.commercial_partner_id
                    )
                    UPDATE res_partner p
                       SET trailing_sales_amount = COALESCE(c.amount, 0),
                           lifecycle_stage = CASE
                               WHEN c.first_order IS NULL THEN 'potential'
                               WHEN c.first_order >= now() - interval '12 months' THEN 'new'
                               ELSE 'old' END,
                           value_tier = CASE
                               WHEN COALESCE(c.amount, 0) >= %(key)s THEN 'key'
                               WHEN COALESCE(c.amount, 0) >= %(general)s THEN 'general'
                               ELSE 'scattered' END
                      FROM res_partner cp LEFT JOIN per_customer c ON c.id = cp.id
                      LEFT JOIN res_users u ON u.id = cp.user_id
                     WHERE cp.id = p.commercial_partner_id
                       AND cp.ownership_state IS NOT NULL
                       -- a shared customer counts in its owner's company (the main one if none)
                       AND COALESCE(cp.company_id, u.company_id, %(main)s) = %(company)s
                    """,
                    company=company.id,
                    main=self.env.ref("base.main_company").id,
                    key=company.key_customer_amount,
                    general=company.general_customer_amount,
                )
            )
        self.invalidate_model(["trailing_sales_amount", "lifecycle_stage", "value_tier"])
