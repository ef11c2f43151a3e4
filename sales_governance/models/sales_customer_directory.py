from contextvars import ContextVar
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.fields import Command, Domain
from odoo.tools import SQL

from ..const import OWNED_STATES

# A representative finds another's customer by typing part of its name; the directory answers
# a few names at a time and logs each lookup, so that it cannot list the archive.
MIN_TERM_LENGTH = 2
MAX_RESULTS = 8
# Set (by the server only) while the directory answers a lookup by name.
_NAME_LOOKUP = ContextVar("sales_governance_directory_lookup", default=False)


class SalesCustomerDirectory(models.Model):
    """Who owns which customer: name, owner and since when, nothing else.

    Every representative may look a protected customer up here by name to ask its owner for
    access, without seeing the customer itself (its contacts, documents or followers).
    """

    _name = "sales.customer.directory"
    _description = "Customer Directory"
    _auto = False
    _order = "name, id"

    name = fields.Char(string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    ownership_date = fields.Datetime(string="Owned Since", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT p.id, p.name, p.user_id, p.ownership_date
                      FROM res_partner p
                     WHERE p.parent_id IS NULL AND p.active
                       AND p.ownership_state IN %s
                )
                """,
                SQL.identifier(self._table),
                OWNED_STATES,
            )
        )

    @api.depends_context("lang")
    def _compute_display_name(self):
        for entry in self:
            entry.display_name = self.env._(
                "%(customer)s (%(owner)s, since %(date)s)",
                customer=entry.name,
                # sudo: the owner is named in the directory, whatever the reader may read of users
                owner=entry.user_id.sudo().name or "-",
                date=fields.Date.to_string(fields.Datetime.to_datetime(entry.ownership_date))
                or "-",
            )

    @api.model
    def search_fetch(self, domain, field_names=None, offset=0, limit=None, order=None):
        """Only a search by part of a name, a few results at a time, logged."""
        if self.env.su or self._may_list_directory():
            return super().search_fetch(domain, field_names, offset, limit, order)
        terms = [
            condition.value
            for condition in Domain(domain).iter_conditions()
            if condition.field_expr in ("name", "display_name")
            and condition.operator in ("ilike", "=ilike", "=")
            and isinstance(condition.value, str)
        ]
        if not any(len(term.strip()) >= MIN_TERM_LENGTH for term in terms):
            return self.browse()
        limit = min(limit or MAX_RESULTS, MAX_RESULTS)
        token = _NAME_LOOKUP.set(True)
        try:
            records = super().search_fetch(domain, field_names, offset, limit, order)
        finally:
            _NAME_LOOKUP.reset(token)
        # sudo: the lookup log is written by the system for any user, closed to them
        self.env["sales.customer.lookup.log"].sudo().create(
            {
                "user_id": self.env.uid,
                "query": " / ".join(terms)[:250],
                "match_count": len(records),
                "result": ", ".join(records.mapped("name"))[:250] or False,
                "result_partner_ids": [Command.set(records.ids)],
            }
        )
        return records

    @api.model
    def _search(self, domain, *args, **kwargs):
        # Outside a lookup by name (read, web_read, fetch by id), only the known entries.
        if not (self.env.su or _NAME_LOOKUP.get() or self._may_list_directory()):
            readable = self.env["res.partner"]._search([("parent_id", "=", False)])
            domain = Domain(domain) & (
                Domain("id", "in", list(self._get_known_entry_ids())) | Domain("id", "in", readable)
            )
        return super()._search(domain, *args, **kwargs)

    def _check_access(self, operation):
        """Entries are read one search at a time: a representative reads the entries a
        lookup of theirs answered (today), the customers of their access requests and those
        their refused registrations name, and the customers they may read anyway (their own,
        their teams'); reading by id cannot list the archive."""
        result = super()._check_access(operation)
        if result or self.env.su or not any(self._ids) or self._may_list_directory():
            return result
        forbidden = self - self.browse(self._get_known_entry_ids())
        # the customers they may read anyway (their own, their teams')
        forbidden -= self.browse(
            self.env["res.partner"].browse(forbidden.ids)._filter_readable().ids
        )
        if not forbidden:
            return None
        return forbidden, lambda: AccessError(
            self.env._(
                "The customer directory shows only the customers you looked up by name: "
                "search for the customer's name first."
            )
        )

    @api.model
    def _may_list_directory(self):
        return self.env.user.has_group("sales_governance.group_sales_manager")

    @api.model
    def _get_known_entry_ids(self):
        user_id = self.env.uid
        since = fields.Datetime.now() - timedelta(days=1)
        logs = (
            # sudo: the user's own lookups, the log being closed to direct reads
            self.env["sales.customer.lookup.log"]
            .sudo()
            .search([("user_id", "=", user_id), ("create_date", ">=", since)])
        )
        requests = (
            # sudo: the user's own access requests, whatever their tier may read of the model
            self.env["sales.customer.access.request"]
            .sudo()
            .search([("requester_id", "=", user_id)])
        )
        refused = (
            # sudo: the user's own refused registrations, whatever their tier may read of the model
            self.env["sales.customer.registration"]
            .sudo()
            .search([("user_id", "=", user_id), ("state", "=", "duplicate")])
        )
        # Ids only (active_test off: filtering the archived would read every column of them).
        logs, refused = (
            logs.with_context(active_test=False),
            refused.with_context(active_test=False),
        )
        return set((logs.result_partner_ids | requests.partner_id | refused.match_partner_ids).ids)

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        # Counting customers by owner or name would list the archive another way.
        if not (self.env.su or self._may_list_directory()):
            raise AccessError(self.env._("The customer directory answers searches by name only."))
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
