from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..const import DEFAULT_PROTECTION_DAYS, OWNED_STATES

# What a guard reads of a customer the user may not read (owner, state, name): with elevated
# rights, these columns only, so that no contact detail enters the cache the transaction shares.
OWNERSHIP_COLUMNS = (
    "name",
    "is_company",
    "parent_id",
    "commercial_partner_id",
    "ownership_state",
    "user_id",
    "ownership_date",
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
    (``res_partner_ownership_cron.py``) extend the partner in their own files.

    Who reads a customer is decided by record rules, all or nothing: its owner, those it is
    shared with, the owner's managers, assistants and directors read it fully; anybody else
    cannot read it at all, and learns what they may of it from the public pool
    (``sales.customer.pool``) or the customer directory (``sales.customer.directory``)."""

    _name = "res.partner"
    _inherit = ["sales.workflow.mixin", "res.partner"]

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
    is_workable_customer = fields.Boolean(
        string="Customer I May Work On",
        compute="_compute_is_workable_customer",
        search="_search_is_workable_customer",
        # What customer pickers offer (see _get_workable_customer_domain).
        help="A customer you may create records for: yours, shared with you or of your team; "
        "never a company of this database.",
    )

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

    @api.depends_context("uid")
    def _compute_display_name(self):
        """A partner its reader may not read is named by its name only. Odoo names many2one
        values with elevated rights (``web_read``, ``onchange``), and a context asking for the
        mail, the address or the credit code under the name would show them."""
        hidden = (
            self._get_unreadable_by_reader() if self._names_contact_details() else self.browse()
        )
        res = super(ResPartner, self - hidden)._compute_display_name()
        if hidden:
            hidden.fetch(["complete_name"])  # that column only: see OWNERSHIP_COLUMNS
            for partner in hidden:
                partner.display_name = partner.complete_name
        return res

    @api.depends("ownership_state", "parent_id")
    def _compute_is_claimable(self):
        for partner in self:
            partner.is_claimable = partner.ownership_state == "pool" and not partner.parent_id

    @api.depends_context("uid")
    @api.depends("ownership_state", "user_id", "shared_user_ids")
    def _compute_is_workable_customer(self):
        workable = self.filtered_domain(self._get_workable_customer_domain())
        for partner in self:
            partner.is_workable_customer = partner in workable

    def _search_is_workable_customer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = self._get_workable_customer_domain()
        return domain if (operator == "=") == value else ~domain

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

    @api.model
    def _get_company_partners(self):
        """The partners of the companies of this database (the own company, its siblings):
        never a customer."""
        companies = (
            # sudo: every company counts, also those the user does not work in (a few rows)
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("partner_id", "!=", False)], ["partner_id"])
        )
        return companies.partner_id.with_env(self.env)

    @api.model
    def _get_workable_customer_domain(self, user=None):
        """Customers ``user`` may create records for, as ``_may_work_on`` decides: in the lock,
        their own, shared with them, of a member of a team they lead (any for a director), or
        in the pool; outside the lock, one that has bought. Never a company of this database
        nor a partner that is no customer (an employee, a supplier)."""
        user = user or self.env.user
        if user.has_group("sales_governance.group_sales_director"):
            owned = Domain.TRUE
        else:
            owned = (
                Domain("user_id", "=", user.id)
                | Domain("shared_user_ids", "in", user.id)
                | Domain("user_id.sales_manager_ids", "in", user.id)
            )
        return Domain("commercial_partner_id", "not in", self._get_company_partners().ids) & (
            (Domain("ownership_state", "in", OWNED_STATES) & owned)
            | Domain("ownership_state", "=", "pool")
            | (
                Domain("ownership_state", "=", False)
                & Domain("commercial_partner_id.customer_rank", ">", 0)
            )
        )

    def _check_is_customer(self):
        """Refuse a company of this database where a customer is expected."""
        own = self.commercial_partner_id & self._get_company_partners()
        if own:
            raise ValidationError(
                self.env._(
                    "%s is a company of this database, not a customer: choose the customer "
                    "the record is about.",
                    own[0].name,
                )
            )

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
        return user._is_sales_leader_of(self._sudo_ownership().commercial_partner_id.user_id)

    def _sudo_ownership(self):
        """These partners and their companies with elevated rights, their ownership columns
        (``OWNERSHIP_COLUMNS``) in memory: what a guard reads of customers the user may not
        read. Read nothing else of the result: any other field would fetch every column of
        the partners, contact details included, into the cache the user's computes read."""
        # sudo: owner and state of customers the user may not read, those columns only
        partners = self.sudo()  # owner and state of customers the user may not read
        partners.fetch(OWNERSHIP_COLUMNS)
        partners.commercial_partner_id.fetch(OWNERSHIP_COLUMNS)
        return partners

    def _may_work_on(self, user):
        """Whether ``user`` may create or move records for this customer: anybody for a
        partner outside the lock, whoever may read a pool customer (reps claim it first),
        the owner, those it is shared with and the owner's managers for an owned one."""
        self.ensure_one()
        partner = self._sudo_ownership().commercial_partner_id
        if not partner.ownership_state:
            return True
        if partner.ownership_state == "pool" or not partner.user_id:
            return bool(partner._filter_readable(user))
        partner.fetch(["shared_user_ids"])  # that field only (see OWNERSHIP_COLUMNS)
        return (
            partner.user_id == user
            or user in partner.shared_user_ids
            or partner._is_ownership_manager(user)
        )

    def _check_may_work_on(self, user=None):
        """Raise a clear error when ``user`` may not work on these customers."""
        user = user or self.env.user
        for partner in self._sudo_ownership().commercial_partner_id:
            if partner._may_work_on(user):
                continue
            if partner.ownership_state == "pool" or not partner.user_id:
                raise UserError(
                    self.env._(
                        "%s is in the public pool: claim it from Customers > Public Pool "
                        "before working on it.",
                        partner.name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(customer)s is a protected customer of %(owner)s since %(date)s. "
                    "Ask %(owner)s or their manager for access with "
                    '"Request Access" on the customer.',
                    customer=partner.name,
                    owner=partner.user_id.name,
                    date=fields.Date.to_string(fields.Datetime.to_datetime(partner.ownership_date))
                    or "?",
                )
            )

    def _check_readable_customers(self):
        """Refuse to link the current user's records to customers of the lock they may not
        read. Stored computes and related fields run with elevated rights (Odoo's default), so
        a lead, an order, a follower or a meeting attendee linked to such a customer would
        copy its contact details where the user reads them."""
        if self.env.su or not self:
            return
        unreadable = self - self._filter_readable()
        locked = unreadable._sudo_ownership().filtered("ownership_state")
        if not locked:
            return
        try:
            # The refusal the customer documents give: claim it, or ask its owner.
            locked._check_may_work_on()
        except UserError as refusal:
            raise AccessError(refusal.args[0]) from None
        raise AccessError(
            self.env._(
                "You may not link a customer you cannot read: claim it from the public pool, "
                "or ask its owner for access."
            )
        )

    def _names_contact_details(self):
        """Whether the display name asked for carries contact details."""
        context = self.env.context
        return any(context.get(key) for key in ("show_email", "show_address", "show_vat"))

    def _get_unreadable_by_reader(self):
        """The partners of ``self`` the user behind the environment may not read, when the
        environment has elevated rights (many2one names are computed so)."""
        if not self.env.su:
            return self.browse()
        return self - self._filter_readable()

    def _filter_readable(self, user=None):
        """The partners of ``self`` that ``user`` (default: the user behind the environment,
        also under sudo) may read by the record rules, in one query. Not ``_filtered_access``:
        it evaluates the rules on the records with elevated rights, which fetches every column
        of them, contact details included, into the cache the transaction shares."""
        user = user or self.env.user
        ids = [pid for pid in self.ids if pid]  # records being created are the user's own
        if not ids or user._is_superuser():
            return self
        Partner = self.env["res.partner"].with_user(user).with_context(active_test=False)
        readable = set(Partner.search([("id", "in", ids)]).ids)
        return self.filtered(lambda partner: not partner.id or partner.id in readable)

    def _owned_by_domain(self, user):
        """The customers (companies, not their contacts) that ``user`` owns."""
        return [
            ("user_id", "=", user.id),
            ("ownership_state", "in", OWNED_STATES),
            ("parent_id", "=", False),
        ]

    def _touch_maintenance(self, user):
        """``user`` worked on these customers: if they own them, protection starts again."""
        partners = self._sudo_ownership().commercial_partner_id.filtered(
            lambda p: p.ownership_state == "protected" and p.user_id == user
        )
        if partners:
            partners.write(
                {"last_maintenance_date": fields.Datetime.now(), "ownership_warned_date": False}
            )
