import functools

from odoo import api, models
from odoo.fields import Domain


class SalesDocumentAccessMixin(models.AbstractModel):
    """Records that hang off a document (``<model field>``/``res_id``: reviews, followers) are
    read only by whoever may read that document, on every read path: ``_search`` serves
    search, ``search_count``, ``read_group``, ``name_search`` and export; ``_check_access``
    serves ``read`` by id. List it first in ``_inherit``."""

    _name = "sales.document.access.mixin"
    _description = "Readable Through Its Document"

    # Name of the field holding the document's model.
    _document_model_field = "res_model"

    @api.model
    def _get_readable_domain(self):
        """Override: which records the current user may read (default: all)."""
        return Domain.TRUE

    @api.model
    def _get_document_readable_domain(self, model_names):
        """Records whose document, of one of ``model_names``, the current user may read."""
        domain = Domain.FALSE
        for model_name in set(model_names):
            if model_name in self.env and self.env[model_name].has_access("read"):
                readable = self.env[model_name].with_context(active_test=False)._search([])
                domain |= Domain(self._document_model_field, "=", model_name) & Domain(
                    "res_id", "in", readable
                )
        return domain

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, active_test=True, bypass_access=False
    ):
        if not (self.env.su or bypass_access):
            domain = Domain(domain) & self._get_readable_domain()
        return super()._search(
            domain, offset, limit, order, active_test=active_test, bypass_access=bypass_access
        )

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or operation != "read" or self.env.su or not any(self._ids):
            return result
        # sudo: which records the user may read is decided on all of them, before the read rule
        forbidden = self - self.sudo().filtered_domain(self._get_readable_domain())
        if forbidden:
            return forbidden, functools.partial(
                self.env["ir.rule"]._make_access_error, operation, forbidden
            )
        return None
