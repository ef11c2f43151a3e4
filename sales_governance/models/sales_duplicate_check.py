import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.modules import db
from odoo.tools import SQL

from ..const import OWNED_STATES
from ..tools import email_domain, normalize_company_name, normalize_phone, normalize_vat

_logger = logging.getLogger(__name__)

# The PL/pgSQL function of earlier versions, dropped when the addon is upgraded.
LEGACY_FUNCTION = "sales_governance_exact_matches"

# One index lookup per kind of key, at most ``limit`` rows each (LIMIT NULL: all).
EXACT_MATCHES_QUERY = " UNION ALL ".join(
    f"(SELECT p.id, '{kind}'::text, p.ownership_state FROM res_partner p "
    f"WHERE p.{column} = ANY(%s::text[]) AND p.active AND p.parent_id IS NULL LIMIT %s)"
    for kind, column in (
        ("vat", "normalized_vat"),
        ("name", "normalized_name"),
        ("phone", "normalized_phone"),
        ("domain", "email_domain"),
    )
)


class SalesDuplicateCheck(models.AbstractModel):
    """The duplicate check of the customer archive: one engine that the partner
    (create, write), the registration (报备) and the initial import all call.

    It compares the keys stored on ``res.partner`` (see ``res_partner_duplicate.py``): the
    unified social credit code, the normalised name, the phone and the company mail domain,
    then, when none of them hits an owned customer, similar names by trigrams.
    """

    _name = "sales.duplicate.check"
    _description = "Customer Duplicate Check"

    def init(self):
        res = super().init()
        # Similar names need trigrams (a trusted extension: the database owner may create it).
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except psycopg2.Error:
            _logger.warning("pg_trgm is missing: similar customer names will not be found.")
        # The registry read ``has_trigram`` when it loaded, before the extension existed: tell
        # it now, so that the trigram index on the name key is made by this very install.
        self.env.registry.has_trigram = db.has_trigram(self.env.cr)
        # An earlier version answered the exact keys with a PL/pgSQL function: gone.
        self.env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(LEGACY_FUNCTION)))
        return res

    @api.model
    def _find_duplicates(
        self, name, vat=False, phone=False, email=False, city=False, similar=True, limit=5
    ):
        """Customers of the whole archive that look like the given one, with how they match.

        Exact keys (credit code, normalised name, phone, mail domain) are answered by their
        indexes in one statement. Only when none of them hits an owned customer, and
        ``similar`` is set, similar names are looked up by the trigram index. Returns a list
        of ``(partner, match_kind)`` (partners as superuser: read them through
        ``res.partner._sudo_ownership``, nothing else), exact matches first.
        """
        keys = {
            "vat": normalize_vat(vat),
            "name": normalize_company_name(name, city),
            "phone": normalize_phone(phone),
            "domain": email_domain(email),
        }
        # The name is also compared without the given city, which the client chooses.
        names = {keys["name"], normalize_company_name(name)} - {False} if keys["name"] else set()
        # sudo: duplicates are found among all customers, also those the user may not read
        Partner = self.env["res.partner"].sudo()
        rows = self._exact_matches(
            [keys["vat"]] if keys["vat"] else [],
            sorted(names),
            [keys["phone"]] if keys["phone"] else [],
            [keys["domain"]] if keys["domain"] else [],
            limit,
        )
        blocked = any(state in OWNED_STATES for _id, _kind, state in rows)
        if similar and not blocked and keys["name"] and len(keys["name"]) >= 2:
            self.env.cr.execute(
                SQL(
                    "SELECT p.id, 'similar', p.ownership_state FROM res_partner p "
                    "WHERE p.normalized_name %% %s AND p.active AND p.parent_id IS NULL "
                    "ORDER BY similarity(p.normalized_name, %s) DESC LIMIT %s",
                    keys["name"],
                    keys["name"],
                    limit,
                )
            )
            rows += self.env.cr.fetchall()
        matches, seen = [], set()
        for partner_id, kind, _state in rows:
            if partner_id not in seen:
                seen.add(partner_id)
                matches.append((Partner.browse(partner_id), kind))
        return matches

    @api.model
    def _exact_matches(self, vats, names, phones, domains, limit=None):
        """``(partner_id, kind, ownership_state)`` of the active commercial partners having
        one of the given normalised keys (at most ``limit`` per kind; all when None).

        One statement of four index lookups, for one customer or for a whole file of them."""
        self.env["res.partner"].flush_model(
            ["normalized_vat", "normalized_name", "normalized_phone", "email_domain"]
            + ["active", "parent_id", "ownership_state"]
        )
        params = []
        for keys in (vats, names, phones, domains):
            params += [list(keys), limit]
        self.env.cr.execute(SQL(EXACT_MATCHES_QUERY, *params))
        return self.env.cr.fetchall()

    @api.model
    def _duplicate_message(self, partner, kind):
        """What a representative learns of a duplicate: its name, owner and since when."""
        kinds = {
            "vat": self.env._("the same unified social credit code"),
            "name": self.env._("the same company name"),
            "phone": self.env._("the same phone number"),
            "domain": self.env._("the same mail domain"),
            "similar": self.env._("a similar name"),
        }
        # sudo: the matched customer and its owner are named, also to a user who may not read them
        partner = partner.sudo()
        return self.env._(
            "This customer is already registered: %(customer)s has %(kind)s and has been "
            "protected for %(owner)s since %(date)s. Ask %(owner)s or their manager for access "
            "instead of registering it again.",
            customer=partner.name,
            kind=kinds[kind],
            owner=partner.user_id.name or "?",
            date=fields.Date.to_string(fields.Datetime.to_datetime(partner.ownership_date)) or "?",
        )

    @api.model
    def _is_valid_uscc(self, vat):
        """Whether ``vat`` is a unified social credit code (统一社会信用代码) with its check
        digit: the one validator of the addon (partners, registrations, the initial import)."""
        from stdnum.cn import uscc

        return uscc.is_valid(vat or "")

    @api.model
    def _check_uscc(self, vat, customer):
        if vat and not self._is_valid_uscc(vat):
            raise ValidationError(
                self.env._(
                    "%(code)s is not a valid unified social credit code (统一社会信用代码) "
                    "for %(customer)s: it has 18 characters and a check digit.",
                    code=vat,
                    customer=customer or "-",
                )
            )
