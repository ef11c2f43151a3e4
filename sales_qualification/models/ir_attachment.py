from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

# The content of an attachment, and what is derived from it (its text index, checksum).
CONTENT_FIELDS = ("datas", "raw", "db_datas", "store_fname", "index_content", "checksum", "url")
# Documents whose files only the custodians and the qualification manager open.
CUSTODIAN_MODELS = ("sales.qualification",)


class IrAttachment(models.Model):
    """Files on a certificate (scans dropped in the chatter included) are the custodian's:
    a register user sees that a file exists, its name and size, never its content."""

    _inherit = "ir.attachment"

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        hidden = set(fnames) & set(CONTENT_FIELDS)
        if hidden and result and not self._may_open_custodian_files():
            custodian_ids = set(self._filter_custodian_files().ids)
            for values in result:
                if values["id"] in custodian_ids:
                    values.update(dict.fromkeys(hidden, False))
        return result

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, active_test=True, bypass_access=False
    ):
        # Searching the text index or checksum of a certificate's file would read it another way.
        domain = Domain(domain)
        if (
            not bypass_access
            and any(c.field_expr in ("index_content", "checksum") for c in domain.iter_conditions())
            and not self._may_open_custodian_files()
        ):
            domain &= Domain("res_model", "not in", CUSTODIAN_MODELS)
        return super()._search(
            domain, offset, limit, order, active_test=active_test, bypass_access=bypass_access
        )

    def _filter_custodian_files(self):
        # sudo: an attachment's model is read also where the user may not read the attachment
        return self.sudo().filtered(lambda attachment: attachment.res_model in CUSTODIAN_MODELS)

    def _may_open_custodian_files(self):
        return self.env.su or self.env.user.has_group(
            "sales_qualification.group_qualification_custodian"
        )

    def _check_custodian_file_access(self):
        if not self._may_open_custodian_files() and self._filter_custodian_files():
            raise AccessError(
                self.env._(
                    "Files of qualification certificates are opened by their custodians only."
                )
            )


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        if record._name == "ir.attachment":
            record._check_custodian_file_access()
        return super()._record_to_stream(record, field_name)
