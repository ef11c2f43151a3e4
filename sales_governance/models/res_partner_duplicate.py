import logging
from contextlib import contextmanager
from contextvars import ContextVar

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import OWNED_STATES
from ..tools import email_domain, normalize_company_name, normalize_phone, normalize_vat

_logger = logging.getLogger(__name__)

# Fields that identify a customer to the duplicate check.
DUPLICATE_KEY_FIELDS = frozenset({"name", "vat", "phone", "email", "city", "is_company"})

# Set (by the server only) while a user or a company is created: its partner is no customer.
_CREATING_NON_CUSTOMERS = ContextVar("sales_governance_creating_non_customers", default=False)


@contextmanager
def creating_non_customers():
    """The partners created inside this block (of a new user, a new company) are not
    customers: neither checked for duplicates nor put in the ownership lock."""
    token = _CREATING_NON_CUSTOMERS.set(True)
    try:
        yield
    finally:
        _CREATING_NON_CUSTOMERS.reset(token)


class ResPartner(models.Model):
    """Every way a customer comes to exist goes through the duplicate check: a
    top-level partner created from any form, quick-create, import or RPC, or re-keyed by a
    write, is compared with the archive by ``sales.duplicate.check``; every top-level partner
    a sales user creates, and every customer an order is confirmed for, joins the ownership
    lock at once."""

    # One concern per file, as Odoo splits mail.thread: not merged with res_partner.py.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
        f"(normalized_vat) WHERE ownership_state IN {OWNED_STATES!r} "
        "AND normalized_vat IS NOT NULL AND parent_id IS NULL AND active",
        "Another owned customer already has this unified social credit code.",
    )
    _owned_company_name_uniq = models.UniqueIndex(
        f"(normalized_name) WHERE ownership_state IN {OWNED_STATES!r} "
        "AND normalized_name IS NOT NULL AND parent_id IS NULL AND active AND is_company",
        "Another owned company already has this name.",
    )

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

    @api.depends("name", "city", "phone", "email", "vat", "is_company")
    def _compute_normalized_keys(self):
        for partner in self:
            partner.normalized_name = normalize_company_name(partner.name, partner.city)
            partner.normalized_phone = normalize_phone(partner.phone)
            partner.normalized_vat = normalize_vat(partner.vat)
            partner.email_domain = email_domain(partner.email)

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        checked = not self.env.su and not _CREATING_NON_CUSTOMERS.get()
        if checked:
            for vals in vals_list:
                if not vals.get("parent_id") and vals.get("name"):
                    self._check_key_values(vals)
                    self._check_duplicate_keys(vals)
        partners = super().create(vals_list)
        if checked:
            partners._adopt_new_customers()
        return partners

    def write(self, vals):
        if not self.env.su and DUPLICATE_KEY_FIELDS & vals.keys():
            self._check_key_values(vals)
            # Renaming a customer, or giving it another's code, phone or mail, copies it.
            for partner in self.filtered(lambda p: not p.parent_id or not vals.get("parent_id", 1)):
                partner._check_duplicate_keys(
                    {fname: vals.get(fname, partner[fname]) for fname in DUPLICATE_KEY_FIELDS}
                )
        return super().write(vals)

    # === BUSINESS METHODS === #
    @api.model
    def _check_key_values(self, vals):
        """The workflow guard's value check (a name of at most 256 characters, no NUL), on the
        keys before the duplicate check looks them up: its clear error, not a database's."""
        self._check_client_values({f: v for f, v in vals.items() if f in DUPLICATE_KEY_FIELDS})

    def _check_duplicate_keys(self, vals):
        """Refuse a top-level partner (created, or ``self`` changed to ``vals``) that has the
        credit code, name, phone or mail domain of an owned customer: every way a
        customer comes to exist goes through the duplicate check. A person's name is compared
        with companies only: two people may share a name, not a person and a company."""
        if not vals.get("name"):
            return
        is_company = bool(vals.get("is_company"))
        matches = self.env["sales.duplicate.check"]._find_duplicates(
            vals["name"],
            vals.get("vat"),
            vals.get("phone"),
            vals.get("email"),
            vals.get("city"),
            similar=False,
        )
        # Another rep's customers: their owner, state and name only.
        self.browse([match.id for match, _kind in matches])._sudo_ownership()
        for match, kind in matches:
            if match in self or match.ownership_state not in OWNED_STATES:
                continue
            if kind == "name" and not (is_company or match.is_company):
                continue
            raise UserError(self.env["sales.duplicate.check"]._duplicate_message(match, kind))

    def _adopt_new_customers(self):
        """New partners join the ownership lock at once. Every top-level partner a sales user
        creates, in any context (form, quick-create, import, RPC without any context), is a
        customer protected for its creator (first reporter owns) or, made by their manager,
        for a member of the manager's teams. Customers made by someone outside sales go to
        the public pool; their other partners (a purchaser's vendor) stay outside the lock."""
        partners = self.filtered(lambda p: not p.parent_id and not p.ownership_state)
        if not partners:
            return
        user = self.env.user
        if not user.has_group("sales_governance.group_sales_rep"):
            customers = partners.filtered(lambda p: p.customer_rank > 0)
            if customers:
                # sudo: ownership columns are written only by the system
                customers.sudo().write({"ownership_state": "pool", "user_id": False})
            return
        for partner in partners:
            owner = partner.user_id or user
            if owner != user and not user._is_sales_leader_of(owner):
                raise AccessError(
                    self.env._(
                        "You can create customers for yourself, or as their manager for the "
                        "members of your teams; not for %s.",
                        owner.name,
                    )
                )
            partner._adopt_customer(owner, self.env._("Created by %s", user.name))

    def _adopt_customer(self, owner, reason, check_duplicates=False):
        """Bring these top-level partners, outside the lock until now, into it: protected for
        ``owner`` when a sales user (after the duplicate check when asked, within the holding
        and daily limits, logged), else in the public pool."""
        if owner and owner.active and owner.has_group("sales_governance.group_sales_rep"):
            if check_duplicates:
                # sudo: outside the lock, everybody reads them: their keys are no secret
                for partner in self.sudo():
                    partner._check_duplicate_keys(
                        {fname: partner[fname] for fname in DUPLICATE_KEY_FIELDS}
                    )
            owner._check_can_take_customers(self)
            # sudo: ownership columns are written only by _change_ownership; limits checked above
            self.sudo()._change_ownership("register", reason, owner=owner)
        else:
            # sudo: ownership columns are written only by _change_ownership
            self.sudo()._change_ownership(None, reason, owner=self.env["res.users"], chatter=False)

    def _get_lockable_partners(self):
        """The partners of ``self`` that may be customers in the lock: top-level, not the
        partner of a user or of a company (those stay readable to everyone, as in Odoo)."""
        # sudo: the parent of a customer the user may not read; ownership columns only
        partners = self.sudo().filtered(lambda p: not p.parent_id)  # ownership columns only
        if not partners:
            return partners
        # sudo: the partners of all users and companies count, whatever the user may read
        users = self.env["res.users"].sudo().with_context(active_test=False)
        taken = users.search([("partner_id", "in", partners.ids)]).partner_id
        taken |= (
            # sudo: and so do the partners of every company
            self.env["res.company"].sudo().search([("partner_id", "in", partners.ids)]).partner_id
        )
        return partners - taken

    @api.constrains("vat", "country_id")
    def _check_uscc(self):
        Check = self.env["sales.duplicate.check"]
        for partner in self:
            if partner.country_id.code == "CN" and partner.is_company and not partner.parent_id:
                Check._check_uscc(partner.vat, partner.name)
