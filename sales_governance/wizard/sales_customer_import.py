import base64
import io
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Longest text a spreadsheet cell holds.
MAX_CELL_LENGTH = 32767


def _as_text_cell(value):
    """``value`` as a spreadsheet cell's text: without the control characters a sheet cannot
    hold (a file may bring them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_LENGTH] if value else ""


class SalesCustomerImport(models.TransientModel):
    """Initial import (初始导入): the existing customer list, checked row by row, then loaded.

    The preview runs every row through the duplicate check's keys and exact-match query
    (``sales.duplicate.check._exact_matches``) once for the whole file, and
    compares the rows with each other in the same pass. Nothing is created before the
    administrator confirms; then all new customers are created, owned and logged, or none.

    This file holds the wizard, its buttons, the creation of the customers and the conflict
    report; reading the file and the verdicts are in ``sales_customer_import_check.py``.
    """

    _name = "sales.customer.import"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Initial Customer Import"

    file = fields.Binary(string="Customer List", required=True)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Imported")],
        default="upload",
        required=True,
    )
    line_ids = fields.One2many("sales.customer.import.line", "import_id", string="Rows")
    row_count = fields.Integer(compute="_compute_counts")
    new_count = fields.Integer(compute="_compute_counts")
    problem_count = fields.Integer(compute="_compute_counts")
    imported_count = fields.Integer(readonly=True)
    partner_ids = fields.Many2many("res.partner", string="Imported Customers", readonly=True)
    report_file = fields.Binary(string="Conflict Report", readonly=True, attachment=False)
    report_filename = fields.Char(readonly=True)

    # === ACCESS === #
    def _check_access(self, operation):
        # Without the access rights (administrators only), opening the dialog or any step of
        # it is refused in words naming the import, not its technical model.
        result = super()._check_access(operation)
        if result and not self.env["ir.model.access"].check(
            self._name, operation, raise_exception=False
        ):
            return result[0], self._make_import_access_error
        return result

    @api.depends("line_ids.verdict")
    def _compute_counts(self):
        for wizard in self:
            verdicts = wizard.line_ids.mapped("verdict")
            wizard.row_count = len(verdicts)
            wizard.new_count = verdicts.count("new")
            wizard.problem_count = len(verdicts) - wizard.new_count

    # === ACTIONS === #
    def action_preview(self):
        """Read the file and give every row its verdict; nothing is created yet."""
        self.ensure_one()
        rows = self._read_rows()
        verdicts = self._analyse(rows)
        self.line_ids.unlink()
        self.env["sales.customer.import.line"].create(
            [
                {**row, **verdict, "import_id": self.id}
                for row, verdict in zip(rows, verdicts, strict=True)
            ]
        )
        self.write({"state": "preview", "report_file": False})
        return self._reopen()

    def action_import(self):
        """Create the rows marked new as protected customers of their owners, all or nothing."""
        self.ensure_one()
        if self.state != "preview":
            raise UserError(self.env._("Preview the file before importing it."))
        lines = self.line_ids.sorted("row")
        # The archive may have changed since the preview: check again, on the same rows.
        verdicts = self._analyse([line._as_row() for line in lines])
        if any(
            line.verdict == "new" and verdict["verdict"] != "new"
            for line, verdict in zip(lines, verdicts, strict=True)
        ):
            raise UserError(
                self.env._(
                    "Customers were registered since the preview. Preview the file again "
                    "before importing it."
                )
            )
        new_lines = lines.filtered(lambda line: line.verdict == "new")
        if not new_lines:
            raise UserError(self.env._("No row of this file can be imported as a new customer."))
        with self.env.cr.savepoint():
            partners = self._create_customers(new_lines)
        self.write(
            {
                "state": "done",
                "imported_count": len(partners),
                "partner_ids": [(6, 0, partners.ids)],
            }
        )
        return self._reopen()

    def action_download_report(self):
        """The rows that were not new, with their verdicts, as an .xlsx file."""
        self.ensure_one()
        self.write(
            {
                "report_file": base64.b64encode(self._conflict_report_xlsx()),
                "report_filename": self.env._("customer_import_conflicts.xlsx"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=report_file"
            "&filename_field=report_filename&download=true",
            "target": "self",
        }

    def action_open_partners(self):
        self.ensure_one()
        domain = [("id", "in", self.partner_ids.ids)]
        name = self.env._("Imported Customers")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": domain,
        }

    def _make_import_access_error(self):
        return AccessError(
            self.env._(
                "Only a sales governance administrator may run the initial customer import: "
                "ask your administrator to import the customer list."
            )
        )

    def _reopen(self):
        # The dialog keeps its title after each step.
        return {
            "type": "ir.actions.act_window",
            "name": self.env["ir.model"]._get(self._name).name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # === IMPORT === #
    def _create_customers(self, lines):
        """Protected customers for ``lines``, each owned by its row's owner, logged."""
        # sudo: the new customers are created for their owners, who are not the importer
        Partner = self.env["res.partner"].sudo()
        china = self.env.ref("base.cn")
        partners = Partner.create(
            [
                {
                    "name": line.name,
                    "is_company": True,
                    "vat": line.vat,
                    "phone": line.phone,
                    "email": line.email,
                    "city": line.city,
                    "country_id": china.id if line.vat else False,
                }
                for line in lines
            ]
        )
        reason = self.env._("Initial import of %s", self.filename or "?")
        by_owner = defaultdict(lambda: Partner)
        by_date = defaultdict(lambda: Partner)
        for line, partner in zip(lines, partners, strict=True):
            by_owner[line.owner_id] |= partner
            if line.last_contact_date:
                by_date[line.last_contact_date] |= partner
        for owner, owned in by_owner.items():
            owned._change_ownership("register", reason, owner=owner)
        # Protection runs from the last contact the old system knew about.
        for contact_date, dated in by_date.items():
            dated.write({"last_maintenance_date": fields.Datetime.to_datetime(contact_date)})
        self.env.flush_all()
        return partners

    # === CONFLICT REPORT === #
    def _conflict_report_xlsx(self):
        import openpyxl
        from openpyxl.styles import Font

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = self.env._("Conflicts")
        Line = self.env["sales.customer.import.line"]
        verdicts = dict(Line._fields["verdict"]._description_selection(self.env))
        header = [
            self.env._("Row"),
            self.env._("Name"),
            self.env._("Credit Code"),
            self.env._("Owner Login"),
            self.env._("Verdict"),
            self.env._("Detail"),
            self.env._("Archive Customer"),
            self.env._("Its Owner"),
        ]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in self.line_ids.filtered(lambda line: line.verdict != "new").sorted("row"):
            # sudo: the report names the matched customer, maybe another company's
            partner = line.match_partner_id.sudo()
            sheet.append(
                [
                    line.row,
                    *(
                        _as_text_cell(value)
                        for value in (
                            line.name,
                            line.vat,
                            line.owner_login,
                            verdicts.get(line.verdict, line.verdict),
                            line.message,
                            partner.name,
                            partner.user_id.name,
                        )
                    ),
                ]
            )
            # Names come from the file and from users: text, never a formula.
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if cell.value.startswith(FORMULA_TRIGGERS):
                        cell.quotePrefix = True
        for column, width in zip("ABCDEFGH", (6, 30, 22, 16, 14, 60, 30, 16), strict=True):
            sheet.column_dimensions[column].width = width
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
