from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..const import DEFAULT_PROTECTION_DAYS, OWNED_STATES

# Contact details a representative does not see on a pool customer until they claim it, with
# every field derived from them: unreadable, and neither searchable nor groupable.
CONTACT_FIELDS = frozenset(
    {
        "phone",
        "email",
        "street",
        "street2",
        "zip",
        "website",
        "email_normalized",
        "email_formatted",
        "phone_sanitized",
        "contact_address",
        "contact_address_inline",
        "normalized_phone",
        "email_domain",
    }
)
# Fields written only by the ownership actions (as superuser), never by a client.
SYSTEM_FIELDS = frozenset(
    {
        "ownership_date",
        "last_maintenance_date",
        "protection_end_date",
        "ownership_warned_date",
        "shared_user_ids",
        "normalized_name",
        "normalized_phone",
        "normalized_vat",
        "email_domain",
        "lifecycle_stage",
        "value_tier",
        "trailing_sales_amount",
    }
)


class ResPartner(models.Model):
    """Customer ownership (客户保护): who owns a customer, since when, until when,
    and the actions that change it. The duplicate check (``res_partner_duplicate.py``), the
    customer archive (``res_partner_archive.py``) and the daily jobs
    (``res_partner_ownership_cron.py``) extend the partner in their own files; hiding a pool
    customer's contacts is ``sales.contact.visibility.mixin``."""

    _name = "res.partner"
    _inherit = ["sales.workflow.mixin", "sales.contact.visibility.mixin", "res.partner"]

    # === FIELDS === #
    ownership_state = fields.Selection(
        [
            ("pool", "Public Pool"),
            ("protected", "Protected"),
            ("stale", "Stale, awaiting decision"),
        ],
        string="Ownership",
        index=True,
        copy=False,
        tracking=True,
        help="Public Pool: any representative may claim it.\n"
        "Protected: only the owner (and their managers) may work on it.\n"
        "Stale: not maintained in time; the manager decides whether to reassign or release it.",
    )
    ownership_date = fields.Datetime(string="Owned Since", copy=False, readonly=True)
    last_maintenance_date = fields.Datetime(copy=False, readonly=True)
    protection_end_date = fields.Date(
        compute="_compute_protection_end_date", store=True, copy=False, index=True
    )
    ownership_warned_date = fields.Date(
        copy=False,
        readonly=True,
        help="End of protection the owner was last warned about, so that they are warned once.",
    )
    customer_class_id = fields.Many2one("sales.customer.class", index="btree_not_null")
    ownership_log_ids = fields.One2many(
        "sales.customer.ownership.log", "partner_id", string="Ownership History"
    )
    access_request_ids = fields.One2many("sales.customer.access.request", "partner_id")
    shared_user_ids = fields.Many2many(
        "res.users",
        "res_partner_shared_user_rel",
        "partner_id",
        "user_id",
        string="Shared With",
        copy=False,
        readonly=True,
        help="Representatives an approved access request lets work on this customer.",
    )
    is_claimable = fields.Boolean(compute="_compute_is_claimable")

    # === COMPUTES === #
    @api.depends(
        "ownership_state",
        "ownership_date",
        "last_maintenance_date",
        "customer_class_id.protection_days",
    )
    def _compute_protection_end_date(self):
        for partner in self:
            start = partner.last_maintenance_date or partner.ownership_date
            if partner.ownership_state not in OWNED_STATES or not start:
                partner.protection_end_date = False
                continue
            days = partner._get_protection_days()
            partner.protection_end_date = fields.Date.to_date(start) + timedelta(days=days)

    @api.depends_context(
        "show_address",
        "partner_show_db_id",
        "show_email",
        "show_vat",
        "lang",
        "formatted_display_name",
        "uid",
    )
    def _compute_display_name(self):
        # "Name <mail>" or the address under the name would show a pool customer's contacts.
        context = self.env.context
        if not (context.get("show_email") or context.get("show_address")) or (
            self._can_see_hidden_contacts()
        ):
            return super()._compute_display_name()
        pool = self.filtered(lambda p: p.commercial_partner_id.ownership_state == "pool")
        super(ResPartner, self - pool)._compute_display_name()
        for partner in pool:
            partner.display_name = partner._get_complete_name()
        return None

    @api.depends("ownership_state", "parent_id")
    def _compute_is_claimable(self):
        for partner in self:
            partner.is_claimable = partner.ownership_state == "pool" and not partner.parent_id

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        """Ownership dates and keys are the system's; the owner and the ownership state of a
        customer in the lock change only through the actions, which log them (contacts receive
        them from their company through the commercial field sync)."""
        fnames = super()._get_workflow_fields()
        companies = self.filtered(lambda p: not p.parent_id)
        if companies or not self:
            fnames |= SYSTEM_FIELDS | {"ownership_state"}
        if any(p.ownership_state for p in companies):
            fnames.add("user_id")
        return fnames

    # === CONTACT VISIBILITY (sales.contact.visibility.mixin) === #
    @api.model
    def _get_hidden_contact_fields(self):
        return super()._get_hidden_contact_fields() | CONTACT_FIELDS

    @api.model
    def _can_see_hidden_contacts(self):
        # By the user's groups, not env.su: stored computes run as superuser for the user.
        user = self.env.user
        return user.has_group("sales_governance.group_sales_assistant") or user.has_group(
            "sales_governance.group_sales_manager"
        )

    def _filter_hidden_contacts(self):
        # Contacts follow their company's ownership state (commercial fields).
        return self.filtered(lambda p: p.ownership_state == "pool")

    @api.model
    def _hidden_contacts_sql(self, alias, query):
        return SQL("%s = 'pool'", self._field_to_sql(alias, "ownership_state", query))

    # === CRUD === #
    def write(self, vals):
        if "parent_id" in vals and not vals["parent_id"] and self._is_workflow_client():
            # A detached contact becomes a top-level partner: its ownership is the system's too.
            sent = (SYSTEM_FIELDS | {"ownership_state", "user_id"}) & vals.keys()
            forged = [fname for fname in sent if not self._is_unchanged(fname, vals[fname])]
            if forged:
                self._raise_workflow_fields(forged)
        return super().write(vals)

    def message_post(self, **kwargs):
        # Writing to a protected customer is working on it: owner, managers and shares only.
        if not self.env.su and self.env.user._is_internal():
            self._check_may_work_on(self.env.user)
        return super().message_post(**kwargs)

    # === BUSINESS METHODS === #
    @api.model
    def _commercial_fields(self):
        # Ownership belongs to the company: its contacts follow it.
        return super()._commercial_fields() + [
            "user_id",
            "ownership_state",
            "ownership_date",
            "last_maintenance_date",
            "customer_class_id",
            "shared_user_ids",
            "customer_nature",
            "credit_rating",
            "credit_days",
        ]

    def _get_protection_days(self):
        self.ensure_one()
        company = self.company_id or self.user_id.company_id or self.env.company
        return (
            self.customer_class_id.protection_days
            or company.protection_days
            or DEFAULT_PROTECTION_DAYS
        )

    def _is_ownership_manager(self, user):
        """Whether ``user`` leads a team the owner belongs to, or is a director."""
        self.ensure_one()
        return user._is_sales_leader_of(self.commercial_partner_id.user_id)

    def _may_work_on(self, user):
        """Whether ``user`` may create or move records for this customer."""
        self.ensure_one()
        partner = self.commercial_partner_id.sudo()
        if partner.ownership_state not in OWNED_STATES or not partner.user_id:
            return True
        return (
            partner.user_id == user
            or user in partner.shared_user_ids
            or partner._is_ownership_manager(user)
        )

    def _check_may_work_on(self, user=None):
        """Raise a clear error when ``user`` may not work on these customers."""
        user = user or self.env.user
        for partner in self.sudo().commercial_partner_id:
            if not partner._may_work_on(user):
                owner = partner.sudo().user_id
                raise UserError(
                    self.env._(
                        "%(customer)s is a protected customer of %(owner)s since %(date)s. "
                        "Ask %(owner)s or their manager for access with "
                        '"Request Access" on the customer.',
                        customer=partner.sudo().display_name,
                        owner=owner.name,
                        date=fields.Date.to_string(
                            fields.Datetime.to_datetime(partner.sudo().ownership_date)
                        )
                        or "?",
                    )
                )

    def _owned_by_domain(self, user):
        """The customers (companies, not their contacts) that ``user`` owns."""
        return [
            ("user_id", "=", user.id),
            ("ownership_state", "in", OWNED_STATES),
            ("parent_id", "=", False),
        ]

    def _touch_maintenance(self, user):
        """``user`` worked on these customers: if they own them, protection starts again."""
        partners = self.commercial_partner_id.sudo().filtered(
            lambda p: p.ownership_state == "protected" and p.user_id == user
        )
        if partners:
            partners.write(
                {"last_maintenance_date": fields.Datetime.now(), "ownership_warned_date": False}
            )
