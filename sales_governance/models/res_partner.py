import logging
from contextvars import ContextVar
from datetime import timedelta

import psycopg2
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import email_domain, normalize_company_name, normalize_phone, normalize_vat

_logger = logging.getLogger(__name__)

# States in which a customer belongs to one representative and is hidden from the others.
OWNED_STATES = ("protected", "stale")
# Contact details a representative does not see on a pool customer until they claim it.
# Contact details a representative does not see on a pool customer until they claim it, with
# every field derived from them: unreadable, and neither searchable nor groupable (SPEC 5.1).
CONTACT_FIELDS = (
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
)
# Set while the ORM fetches real values into the cache (which all users share): the masking of
# contact details is for what a query compares or groups, and ``_read_format`` for what it shows.
_FETCHING = ContextVar("sales_governance_fetching_partners", default=False)
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
# Fields that identify a customer to the duplicate check.
DUPLICATE_KEY_FIELDS = frozenset({"name", "vat", "phone", "email", "city", "is_company"})
# Weighted parts of a complete customer archive (SPEC 5.1, 客户档案).
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


def _notify_stale_text(env, partner):
    """Group robot alert (sales_governance_base): a customer was not maintained in time."""
    if partner.ownership_state == "pool":
        return env._("%s was not maintained in time and returned to the public pool.", partner.name)
    return env._(
        "%(customer)s (owner %(owner)s) was not maintained in time: the manager decides.",
        customer=partner.name,
        owner=partner.user_id.name or "-",
    )


class ResPartner(models.Model):
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
    credit_days = fields.Integer(help="Payment days granted to this customer.")
    archive_completeness = fields.Integer(
        compute="_compute_archive_completeness", store=True, aggregator="avg"
    )
    archive_missing = fields.Char(compute="_compute_archive_missing")

    # Comparable keys of the duplicate check, indexed.
    normalized_name = fields.Char(compute="_compute_normalized_keys", store=True, index="trigram")
    normalized_phone = fields.Char(compute="_compute_normalized_keys", store=True, index=True)
    normalized_vat = fields.Char(compute="_compute_normalized_keys", store=True, index=True)
    email_domain = fields.Char(compute="_compute_normalized_keys", store=True, index=True)

    # === CONSTRAINTS === #
    # Equality on the name key (the trigram index above serves the similarity search).
    _normalized_name_idx = models.Index("(normalized_name) WHERE normalized_name IS NOT NULL")
    # Two owned customers cannot share a credit code or a name key: it is what makes two
    # simultaneous registrations of the same customer end with exactly one owner.
    _owned_vat_uniq = models.UniqueIndex(
        "(normalized_vat) WHERE ownership_state IN ('protected', 'stale') "
        "AND normalized_vat IS NOT NULL AND parent_id IS NULL AND active",
        "Another owned customer already has this unified social credit code.",
    )
    _owned_company_name_uniq = models.UniqueIndex(
        "(normalized_name) WHERE ownership_state IN ('protected', 'stale') "
        "AND normalized_name IS NOT NULL AND parent_id IS NULL AND active AND is_company",
        "Another owned company already has this name.",
    )

    def init(self):
        res = super().init()
        # Similar names need trigrams (a trusted extension: the database owner may create it).
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except psycopg2.Error:
            _logger.warning("pg_trgm is missing: similar customer names will not be found.")
        # Exact duplicate keys over the whole archive (every active commercial partner).
        self.env.cr.execute(
            """
            CREATE OR REPLACE FUNCTION sales_governance_exact_matches(
                p_vat text[], p_name text[], p_phone text[], p_domain text[], p_limit integer)
            RETURNS TABLE (partner_id integer, kind text, state varchar)
            LANGUAGE plpgsql STABLE AS $fn$
            BEGIN
                IF cardinality(p_vat) > 0 THEN
                    RETURN QUERY SELECT p.id, 'vat'::text, p.ownership_state FROM res_partner p
                     WHERE p.normalized_vat = ANY(p_vat) AND p.active AND p.parent_id IS NULL
                     LIMIT p_limit;
                END IF;
                IF cardinality(p_name) > 0 THEN
                    RETURN QUERY SELECT p.id, 'name'::text, p.ownership_state FROM res_partner p
                     WHERE p.normalized_name = ANY(p_name) AND p.active AND p.parent_id IS NULL
                     LIMIT p_limit;
                END IF;
                IF cardinality(p_phone) > 0 THEN
                    RETURN QUERY SELECT p.id, 'phone'::text, p.ownership_state FROM res_partner p
                     WHERE p.normalized_phone = ANY(p_phone) AND p.active AND p.parent_id IS NULL
                     LIMIT p_limit;
                END IF;
                IF cardinality(p_domain) > 0 THEN
                    RETURN QUERY SELECT p.id, 'domain'::text, p.ownership_state FROM res_partner p
                     WHERE p.email_domain = ANY(p_domain) AND p.active AND p.parent_id IS NULL
                     LIMIT p_limit;
                END IF;
            END
            $fn$
            """
        )
        return res

    @api.model
    def _recompute_duplicate_keys(self):
        """Bring the stored keys up to the current normalisation (traditional characters,
        bracketed cities, extensions and mail sub-domains compare since 19.0.1.1)."""
        self.env.cr.execute("DROP INDEX IF EXISTS res_partner_owned_name_uniq")
        partners = self.with_context(active_test=False).search([("id", "!=", 0)])
        for fname in ("normalized_name", "normalized_phone", "normalized_vat", "email_domain"):
            self.env.add_to_compute(self._fields[fname], partners)
        try:
            with self.env.cr.savepoint():
                partners.flush_recordset()
        except psycopg2.IntegrityError:
            # Two owned customers that now compare equal: leave it to the managers.
            _logger.warning("Owned customers share a duplicate key: merge them (Contacts).")
            partners.invalidate_recordset()

    # === COMPUTES === #
    @api.depends("name", "city", "phone", "email", "vat", "is_company")
    def _compute_normalized_keys(self):
        for partner in self:
            partner.normalized_name = normalize_company_name(partner.name, partner.city)
            partner.normalized_phone = normalize_phone(partner.phone)
            partner.normalized_vat = normalize_vat(partner.vat)
            partner.email_domain = email_domain(partner.email)

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
            self._can_see_pool_contacts()
        ):
            return super()._compute_display_name()
        pool = self.filtered(lambda p: p.commercial_partner_id.ownership_state == "pool")
        super(ResPartner, self - pool)._compute_display_name()
        for partner in pool:
            partner.display_name = partner._get_complete_name()
        return None

    @api.depends(*ARCHIVE_FIELDS)
    def _compute_archive_completeness(self):
        for partner in self:
            filled = sum(1 for fname in ARCHIVE_FIELDS if partner[fname])
            partner.archive_completeness = round(100 * filled / len(ARCHIVE_FIELDS))

    @api.depends_context("lang")
    @api.depends(*ARCHIVE_FIELDS)
    def _compute_archive_missing(self):
        """What the archive lacks, in the reader's language (so not stored)."""
        labels = {
            fname: self._fields[fname]._description_string(self.env) for fname in ARCHIVE_FIELDS
        }
        # the credit code by the name the partner form gives it (the country's tax ID label)
        labels["vat"] = self.env.company.country_id.vat_label or self.env._(
            "Unified Social Credit Code"
        )
        separator = "、" if (self.env.lang or "").startswith("zh") else ", "
        for partner in self:
            missing = [labels[fname] for fname in ARCHIVE_FIELDS if not partner[fname]]
            partner.archive_missing = separator.join(missing) or False

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

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if not vals.get("parent_id") and vals.get("name"):
                    self._check_duplicate_keys(vals)
        partners = super().create(vals_list)
        if not self.env.su:
            partners._adopt_new_customers()
        return partners

    def write(self, vals):
        if "parent_id" in vals and not vals["parent_id"] and self._is_workflow_client():
            # A detached contact becomes a top-level partner: its ownership is the system's too.
            sent = (SYSTEM_FIELDS | {"ownership_state", "user_id"}) & vals.keys()
            forged = [fname for fname in sent if not self._is_unchanged(fname, vals[fname])]
            if forged:
                self._raise_workflow_fields(forged)
        if not self.env.su and DUPLICATE_KEY_FIELDS & vals.keys():
            # Renaming a customer, or giving it another's code, phone or mail, copies it.
            for partner in self.filtered(lambda p: not p.parent_id or not vals.get("parent_id", 1)):
                partner._check_duplicate_keys(
                    {fname: vals.get(fname, partner[fname]) for fname in DUPLICATE_KEY_FIELDS}
                )
        return super().write(vals)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        hidden = set(fnames) & set(CONTACT_FIELDS)
        if hidden and result and not self._can_see_pool_contacts():
            pool_ids = set(self.filtered(lambda p: p.ownership_state == "pool").ids)
            for values in result:
                if values["id"] in pool_ids:
                    values.update(dict.fromkeys(hidden, False))
        return result

    def _fetch_query(self, query, fields):
        token = _FETCHING.set(True)
        try:
            return super()._fetch_query(query, fields)
        finally:
            _FETCHING.reset(token)

    def _field_to_sql(self, alias, field_expr, query=None):
        """In a search domain, a group-by or a related path (``partner_id.phone`` from a
        lead), a pool customer's contact details read as empty for whoever may not see them:
        no domain can be used as an oracle on them, no grouping lists them."""
        sql = super()._field_to_sql(alias, field_expr, query)
        if (
            field_expr.split(".")[0] in CONTACT_FIELDS
            and not _FETCHING.get()
            and not self.env.su
            and not self._can_see_pool_contacts()
        ):
            state = super()._field_to_sql(alias, "ownership_state", query)
            sql = SQL("(CASE WHEN %s = 'pool' THEN NULL ELSE %s END)", state, sql)
        return sql

    def export_data(self, fields_to_export):
        if not self._can_see_pool_contacts() and any(
            fname.split("/")[0] in CONTACT_FIELDS for fname in fields_to_export
        ):
            self = self.filtered(lambda p: p.ownership_state != "pool")
        return super().export_data(fields_to_export)

    def message_post(self, **kwargs):
        # Writing to a protected customer is working on it: owner, managers and shares only.
        if not self.env.su and self.env.user._is_internal():
            self._check_may_work_on(self.env.user)
        return super().message_post(**kwargs)

    # === ACTIONS === #
    def action_claim(self):
        """Take customers from the public pool: the claimer becomes the owner at once."""
        self._lock_for_ownership_change()
        now = fields.Datetime.now()
        for partner in self:
            if not partner.is_claimable:
                raise UserError(
                    self.env._(
                        "%(customer)s is not in the public pool: it belongs to %(owner)s.",
                        customer=partner.display_name,
                        owner=partner.user_id.name or self.env._("nobody"),
                    )
                )
        self.env.user._check_can_take_customers(self)
        self.sudo()._set_owner(self.env.user, "claim", self.env._("Claimed from the public pool"))
        self.sudo().write({"ownership_date": now, "last_maintenance_date": now})
        return True

    def action_release(self):
        """Give customers back to the public pool (owner, their manager or a director)."""
        for partner in self:
            if partner.ownership_state not in OWNED_STATES:
                raise UserError(self.env._("%s is not owned by anyone.", partner.display_name))
            partner._check_can_manage_ownership()
        self.sudo()._set_owner(
            self.env["res.users"], "release", self.env._("Released to the public pool")
        )
        return True

    def action_keep_owner(self):
        """The manager decides a stale customer stays with its owner for another period."""
        for partner in self:
            if partner.ownership_state != "stale":
                raise UserError(self.env._("%s is not awaiting a decision.", partner.display_name))
            partner._check_can_manage_ownership(manager_only=True)
        self.sudo().write(
            {"ownership_state": "protected", "last_maintenance_date": fields.Datetime.now()}
        )
        self.sudo()._log_ownership("renew", self.env._("Kept by the manager's decision"))
        return True

    def action_open_reassign_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reassign Customers"),
            "res_model": "sales.customer.reassign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def action_request_access(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Access"),
            "res_model": "sales.customer.access.request",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

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
        return self.customer_class_id.protection_days or company.protection_days or 90

    @api.model
    def _get_hidden_contact_paths(self, model, fields_to_export):
        """The partner fields of ``model`` through which an export reaches contact details."""
        fnames = set()
        for path in fields_to_export:
            parts = path.split("/")
            field = model._fields.get(parts[0])
            if (
                len(parts) > 1
                and field
                and field.type == "many2one"
                and field.comodel_name == "res.partner"
                and parts[1] in CONTACT_FIELDS
            ):
                fnames.add(parts[0])
        return fnames

    def _can_see_pool_contacts(self):
        # By the user's groups, not env.su: stored computes run as superuser for the user.
        user = self.env.user
        return user.has_group("sales_governance.group_sales_assistant") or user.has_group(
            "sales_governance.group_sales_manager"
        )

    def _is_ownership_manager(self, user):
        """Whether ``user`` leads a team the owner belongs to, or is a director."""
        self.ensure_one()
        if user.has_group("sales_governance.group_sales_director"):
            return True
        owner = self.commercial_partner_id.user_id
        if not owner:
            return False
        return user in owner.sudo().sales_manager_ids

    def _may_work_on(self, user):
        """Whether ``user`` may create or move records for this customer (SPEC 5.1)."""
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

    def _check_can_manage_ownership(self, manager_only=False):
        self.ensure_one()
        user = self.env.user
        if self.env.su or self._is_ownership_manager(user):
            return
        if not manager_only and self.user_id == user:
            return
        raise AccessError(
            self.env._(
                "Only the manager of %(owner)s or a director may change the owner of %(customer)s.",
                owner=self.user_id.name,
                customer=self.display_name,
            )
        )

    def _owned_by_domain(self, user):
        """The customers (companies, not their contacts) that ``user`` owns."""
        return [
            ("user_id", "=", user.id),
            ("ownership_state", "in", OWNED_STATES),
            ("parent_id", "=", False),
        ]

    def _lock_for_ownership_change(self):
        """Lock the rows so that two simultaneous claims end with one owner."""
        if not self.ids:
            return
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                    tuple(self.ids),
                )
            )
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure) as exc:
            raise UserError(
                self.env._("Someone else is taking this customer right now. Reload and try again.")
            ) from exc
        self.invalidate_recordset(["ownership_state", "user_id"])

    def _set_owner(self, user, event, reason):
        """Give the customers (and their contacts) to ``user``, or to the pool if empty; log it."""
        now = fields.Datetime.now()
        for partner in self:
            self.env["sales.customer.ownership.log"].sudo().create(
                {
                    "partner_id": partner.id,
                    "old_user_id": partner.user_id.id,
                    "new_user_id": user.id,
                    "event": event,
                    "reason": reason,
                }
            )
        vals = {
            "user_id": user.id,
            "ownership_state": "protected" if user else "pool",
            "ownership_date": now if user else False,
            "last_maintenance_date": now if user else False,
            "ownership_warned_date": False,
            "shared_user_ids": [fields.Command.clear()],
        }
        try:
            with self.env.cr.savepoint():
                self.write(vals)
                self.env.flush_all()
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure) as exc:
            raise UserError(
                self.env._(
                    "Another representative registered or claimed this customer at the same "
                    "moment. Reload to see its owner."
                )
            ) from exc

    def _log_ownership(self, event, reason, old_user=None):
        self.env["sales.customer.ownership.log"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "old_user_id": (old_user or partner.user_id).id,
                    "new_user_id": partner.user_id.id,
                    "event": event,
                    "reason": reason,
                }
                for partner in self
            ]
        )

    def _touch_maintenance(self, user):
        """``user`` worked on these customers: if they own them, protection starts again."""
        partners = self.commercial_partner_id.sudo().filtered(
            lambda p: p.ownership_state == "protected" and p.user_id == user
        )
        if partners:
            partners.write(
                {"last_maintenance_date": fields.Datetime.now(), "ownership_warned_date": False}
            )

    # --- duplicate check --- #
    @api.model
    def _find_duplicates(
        self, name, vat=False, phone=False, email=False, city=False, similar=True, limit=5
    ):
        """Customers of the whole archive that look like the given one, with how they match.

        Exact keys (credit code, normalised name, phone, mail domain) are answered by their
        indexes in one statement. Only when none of them hits an owned customer, and
        ``similar`` is set, similar names are looked up by the trigram index. Returns a list
        of ``(partner, match_kind)``, exact matches first.
        """
        keys = {
            "vat": normalize_vat(vat),
            "name": normalize_company_name(name, city),
            "phone": normalize_phone(phone),
            "domain": email_domain(email),
        }
        # The name is also compared without the given city, which the client chooses.
        names = {keys["name"], normalize_company_name(name)} - {False} if keys["name"] else set()
        self.flush_model(
            ["normalized_vat", "normalized_name", "normalized_phone", "email_domain"]
            + ["active", "parent_id", "ownership_state"]
        )
        # One call of a PL/pgSQL function (see init()): its plans are cached by the session, so
        # the four index lookups cost about what one ad-hoc query does.
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, kind, state FROM sales_governance_exact_matches"
                "(%s::text[], %s::text[], %s::text[], %s::text[], %s)",
                [keys["vat"]] if keys["vat"] else [],
                sorted(names),
                [keys["phone"]] if keys["phone"] else [],
                [keys["domain"]] if keys["domain"] else [],
                limit,
            )
        )
        rows = self.env.cr.fetchall()
        scope = SQL("p.active AND p.parent_id IS NULL")
        blocked = any(state in OWNED_STATES for _id, _kind, state in rows)
        if similar and not blocked and keys["name"] and len(keys["name"]) >= 2:
            self.env.cr.execute(
                SQL(
                    "SELECT p.id, 'similar', p.ownership_state FROM res_partner p "
                    "WHERE p.normalized_name %% %s AND %s "
                    "ORDER BY similarity(p.normalized_name, %s) DESC LIMIT %s",
                    keys["name"],
                    scope,
                    keys["name"],
                    limit,
                )
            )
            rows += self.env.cr.fetchall()
        matches, seen = [], set()
        for partner_id, kind, _state in rows:
            if partner_id not in seen:
                seen.add(partner_id)
                matches.append((self.sudo().browse(partner_id), kind))
        return matches

    def _check_duplicate_keys(self, vals):
        """Refuse a top-level partner (created, or ``self`` changed to ``vals``) that has the
        credit code, name, phone or mail domain of an owned customer (SPEC 5.1): every way a
        customer comes to exist goes through the duplicate check. A person's name is compared
        with companies only: two people may share a name, not a person and a company."""
        if not vals.get("name"):
            return
        is_company = bool(vals.get("is_company"))
        for match, kind in self._find_duplicates(
            vals["name"],
            vals.get("vat"),
            vals.get("phone"),
            vals.get("email"),
            vals.get("city"),
            similar=False,
        ):
            if match in self or match.ownership_state not in OWNED_STATES:
                continue
            if kind == "name" and not (is_company or match.is_company):
                continue
            raise UserError(match._duplicate_message(kind))

    def _adopt_new_customers(self):
        """New customers join the ownership lock at once: protected for the representative who
        created them (first reporter owns), or in the public pool when a non-sales user did."""
        customers = self.filtered(
            lambda p: not p.parent_id and not p.ownership_state and p.customer_rank > 0
        )
        if not customers:
            return
        user = self.env.user
        if not user.has_group("sales_governance.group_sales_rep"):
            customers.sudo().write({"ownership_state": "pool", "user_id": False})
            return
        for partner in customers:
            owner = partner.user_id or user
            if owner != user and not (
                user.has_group("sales_governance.group_sales_director")
                or user in owner.sudo().sales_manager_ids
            ):
                raise AccessError(
                    self.env._(
                        "You can create customers for yourself, or as their manager for the "
                        "members of your teams; not for %s.",
                        owner.name,
                    )
                )
            owner._check_can_take_customers(partner)
            partner.sudo()._set_owner(owner, "register", self.env._("Created by %s", user.name))

    def _duplicate_message(self, kind):
        self.ensure_one()
        kinds = {
            "vat": self.env._("the same unified social credit code"),
            "name": self.env._("the same company name"),
            "phone": self.env._("the same phone number"),
            "domain": self.env._("the same mail domain"),
            "similar": self.env._("a similar name"),
        }
        return self.env._(
            "This customer is already registered: %(customer)s has %(kind)s and has been "
            "protected for %(owner)s since %(date)s. Ask %(owner)s or their manager for access "
            "instead of registering it again.",
            customer=self.name,
            kind=kinds[kind],
            owner=self.user_id.name or "?",
            date=fields.Date.to_string(fields.Datetime.to_datetime(self.ownership_date)) or "?",
        )

    @api.constrains("vat", "country_id")
    def _check_uscc(self):
        from stdnum.cn import uscc

        for partner in self:
            if (
                partner.vat
                and partner.country_id.code == "CN"
                and partner.is_company
                and not partner.parent_id
                and not uscc.is_valid(partner.vat)
            ):
                raise ValidationError(
                    self.env._(
                        "%(code)s is not a valid unified social credit code (统一社会信用代码) "
                        "for %(customer)s: check its 18 characters.",
                        code=partner.vat,
                        customer=partner.name,
                    )
                )

    # --- daily ownership cron --- #
    @api.model
    def _cron_ownership(self):
        """Warn owners, then mark unmaintained customers stale or release them (SPEC 5.1).

        Set-based: each step is one statement over the customers concerned, never a loop over
        the whole archive. Each step only picks rows not yet handled, so running it twice or in
        two workers at once changes nothing more.
        """
        today = fields.Date.context_today(self)
        self.env.flush_all()
        for company in self.env["res.company"].sudo().search([("id", "!=", 0)]):
            self._cron_warn_owners(company, today)
            self._cron_expire_protection(company, today)
        self.env["sales.customer.access.request"].sudo()._cron_expire()

    @api.model
    def _cron_warn_owners(self, company, today):
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id FROM res_partner p JOIN res_users u ON u.id = p.user_id
                 WHERE p.ownership_state = 'protected' AND p.parent_id IS NULL
                   AND p.protection_end_date BETWEEN %(today)s AND %(until)s
                   AND p.ownership_warned_date IS DISTINCT FROM p.protection_end_date
                   AND COALESCE(p.company_id, u.company_id) = %(company)s
                """,
                today=today,
                until=today + timedelta(days=company.release_warning_days),
                company=company.id,
            )
        )
        partners = self.sudo().browse(row[0] for row in self.env.cr.fetchall())
        if not partners:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": todo.id,
                    "user_id": partner.user_id.id,
                    "date_deadline": partner.protection_end_date,
                    "summary": self.env._("Protection ends: maintain this customer"),
                    "note": self.env._(
                        "Log a visit, call or quotation before %s, or the customer goes to "
                        "your manager's decision.",
                        partner.protection_end_date,
                    ),
                }
                for partner in partners
            ]
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET ownership_warned_date = protection_end_date WHERE id IN %s",
                tuple(partners.ids),
            )
        )
        partners.invalidate_recordset(["ownership_warned_date"])

    @api.model
    def _cron_expire_protection(self, company, today):
        """One UPDATE marks the unmaintained customers (and their contacts) stale or pool."""
        auto = company.auto_release
        new_state = "pool" if auto else "stale"
        event = "auto_release" if auto else "stale"
        reason = (
            self.env._("Not maintained in time: returned to the public pool")
            if auto
            else self.env._("Not maintained in time: awaiting the manager's decision")
        )
        self.env.cr.execute(
            SQL(
                """
                WITH expired AS (
                    SELECT p.id, p.user_id FROM res_partner p
                      LEFT JOIN res_users u ON u.id = p.user_id
                     WHERE p.ownership_state = 'protected' AND p.parent_id IS NULL
                       AND p.protection_end_date < %(today)s
                       AND COALESCE(p.company_id, u.company_id) = %(company)s
                       FOR NO KEY UPDATE OF p SKIP LOCKED
                ), logged AS (
                    INSERT INTO sales_customer_ownership_log
                        (partner_id, old_user_id, new_user_id, event, reason, author_id,
                         create_uid, create_date, write_uid, write_date)
                    SELECT id, user_id, %(new_user)s, %(event)s, %(reason)s, %(uid)s,
                           %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                      FROM expired
                )
                UPDATE res_partner p
                   SET ownership_state = %(state)s,
                       user_id = CASE WHEN %(auto)s THEN NULL ELSE p.user_id END,
                       ownership_date = CASE WHEN %(auto)s THEN NULL ELSE p.ownership_date END,
                       protection_end_date = CASE WHEN %(auto)s THEN NULL
                                                  ELSE p.protection_end_date END,
                       write_date = now() at time zone 'UTC', write_uid = %(uid)s
                 WHERE p.commercial_partner_id IN (SELECT id FROM expired)
             RETURNING p.id, p.user_id
                """,
                today=today,
                company=company.id,
                new_user=None,
                event=event,
                reason=reason,
                uid=self.env.uid,
                state=new_state,
                auto=auto,
            )
        )
        rows = self.env.cr.fetchall()
        owner_ids = {owner_id for _partner_id, owner_id in rows if owner_id}
        self.env["res.partner"].invalidate_model()
        self.env["sales.customer.ownership.log"].invalidate_model()
        if not auto and owner_ids:
            self.env["res.users"].browse(owner_ids)._notify_stale_managers()
        stale = self.browse([row[0] for row in rows]).filtered(lambda p: not p.parent_id)
        self.env["sales.notify.message"]._enqueue("customer_stale", stale, _notify_stale_text)

    @api.model
    def _cron_refresh_archive(self):
        """Lifecycle stage and value tier from confirmed orders, in one statement per company."""
        self.env.flush_all()
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
