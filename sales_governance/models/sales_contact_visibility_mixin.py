from contextvars import ContextVar

from odoo import api, models
from odoo.tools import SQL

# Set while the ORM fetches real values into the cache (which all users share): the masking
# applies to what a query compares or groups, and ``_read_format`` to what it shows.
_FETCHING = ContextVar("sales_governance_fetching_contacts", default=False)


class SalesContactVisibilityMixin(models.AbstractModel):
    """Contact details some records keep from some readers (a pool customer's
    contacts stay hidden from representatives until one claims it).

    For whoever may not see them, the contact fields of such a record (and every field derived
    from them) are unreadable, cannot be searched on (no domain is an oracle) and cannot be
    grouped by, on the model itself and through related paths from other models
    (``partner_id.phone``); exports leave such records out. A model using it says which fields
    are contacts, which records hide them and who may see them anyway.
    """

    _name = "sales.contact.visibility.mixin"
    _description = "Hidden Contact Details"

    # === HOOKS === #
    @api.model
    def _get_hidden_contact_fields(self):
        """The contact fields, with every field derived from them."""
        return frozenset()

    @api.model
    def _can_see_hidden_contacts(self):
        """Whether the current user sees every record's contacts."""
        return True

    def _filter_hidden_contacts(self):
        """The records of ``self`` whose contacts are hidden from who may not see them."""
        return self.browse()

    @api.model
    def _hidden_contacts_sql(self, alias, query):
        """SQL condition, on the row ``alias``, of a record whose contacts are hidden."""
        return SQL("FALSE")

    @api.model
    def _get_hidden_contact_paths(self, model, fields_to_export):
        """The fields of ``model`` pointing to this model through which an export of
        ``fields_to_export`` reaches contact details."""
        contact_fields = self._get_hidden_contact_fields()
        fnames = set()
        for path in fields_to_export:
            parts = path.split("/")
            field = model._fields.get(parts[0])
            if (
                len(parts) > 1
                and field
                and field.type == "many2one"
                and field.comodel_name == self._name
                and parts[1] in contact_fields
            ):
                fnames.add(parts[0])
        return fnames

    # === ORM === #
    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        hidden = set(fnames) & self._get_hidden_contact_fields()
        if hidden and result and not self._can_see_hidden_contacts():
            hidden_ids = set(self._filter_hidden_contacts().ids)
            for values in result:
                if values["id"] in hidden_ids:
                    values.update(dict.fromkeys(hidden, False))
        return result

    def _fetch_query(self, query, fields):
        token = _FETCHING.set(True)
        try:
            return super()._fetch_query(query, fields)
        finally:
            _FETCHING.reset(token)

    def _field_to_sql(self, alias, field_expr, query=None):
        """In a search domain, a group-by or a related path, hidden contact details read as
        empty for whoever may not see them."""
        sql = super()._field_to_sql(alias, field_expr, query)
        if (
            field_expr.split(".")[0] in self._get_hidden_contact_fields()
            and not _FETCHING.get()
            and not self.env.su
            and not self._can_see_hidden_contacts()
        ):
            sql = SQL(
                "(CASE WHEN %s THEN NULL ELSE %s END)",
                self._hidden_contacts_sql(alias, query),
                sql,
            )
        return sql

    def export_data(self, fields_to_export):
        contact_fields = self._get_hidden_contact_fields()
        if not self._can_see_hidden_contacts() and any(
            fname.split("/")[0] in contact_fields for fname in fields_to_export
        ):
            self = self - self._filter_hidden_contacts()
        return super().export_data(fields_to_export)
