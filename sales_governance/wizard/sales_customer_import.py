import base64
import csv
import io
import logging
from collections import defaultdict
from datetime import date, datetime

from odoo import api, fields, models
from odoo.addons.sales_governance_base.models.sales_workflow_mixin import MAX_CHAR_LENGTH
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_list

from ..const import OWNED_STATES
from ..tools import email_domain, normalize_company_name, normalize_phone, normalize_vat

_logger = logging.getLogger(__name__)

# Column headers accepted for each field (lower case, English or Chinese).
COLUMNS = {
    "name": (
        "name",
        "customer",
        "customer name",
        "company",
        "客户名称",
        "客户",
        "名称",
        "公司名称",
    ),
    "vat": (
        "credit code",
        "vat",
        "unified social credit code",
        "uscc",
        "统一社会信用代码",
        "信用代码",
    ),
    "phone": ("phone", "telephone", "电话", "联系电话"),
    "email": ("mail", "email", "e-mail", "邮箱", "电子邮箱", "邮件"),
    "city": ("city", "城市"),
    "owner_login": (
        "owner login",
        "owner",
        "login",
        "负责人账号",
        "负责人",
        "归属人账号",
        "归属人",
    ),
    "last_contact_date": (
        "last contact date",
        "last contact",
        "最近联系日期",
        "最后联系日期",
        "最近联系",
    ),
}
REQUIRED_COLUMNS = ("name", "owner_login")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The row's texts, as the line stores them, in the order their length is checked.
TEXT_FIELDS = ("name", "vat", "phone", "email", "city", "owner_login", "last_contact_text")
# Longest text a spreadsheet cell holds.
MAX_CELL_LENGTH = 32767
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d/%m/%Y")
KEY_KINDS = ("vat", "name", "phone", "domain")


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

    # === READING THE FILE === #
    def _read_rows(self):
        """The file's rows as dicts of the import line's fields (text as written)."""
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith(".xlsx") or content[:2] == b"PK":
            table = self._read_xlsx(content)
        elif name.endswith(".csv") or not name:
            table = self._read_csv(content)
        else:
            raise UserError(self.env._("Upload an .xlsx or a .csv file."))
        if not table:
            raise UserError(self.env._("The file is empty."))
        for number, values in enumerate(table, start=1):
            self._check_no_nul(number, values)
        header, *body = table
        columns = self._map_columns(header)
        rows = []
        for number, values in enumerate(body, start=2):
            if not any(value not in (None, "") for value in values):
                continue
            row = {"row": number}
            for fname, index in columns.items():
                value = values[index] if index < len(values) else None
                row[fname] = value
            rows.append(self._clean_row(row))
        if not rows:
            raise UserError(self.env._("The file has a header but no customer rows."))
        return rows

    def _read_xlsx(self, content):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise UserError(self.env._("This is not a readable .xlsx file: %s", exc)) from exc
        sheet = book.worksheets[0]
        table = [list(values) for values in sheet.iter_rows(values_only=True)]
        book.close()
        return table

    def _read_csv(self, content):
        # Excel in Chinese saves CSV as GB18030; UTF-8 (with or without BOM) is tried first.
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(self.env._("The .csv file is neither UTF-8 nor GB18030 text."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect))

    def _check_no_nul(self, number, values):
        """A NUL character cannot be stored: it marks a file that is no text list (a .csv
        saved as UTF-16, a binary file renamed)."""
        for value in values:
            if isinstance(value, str) and "\x00" in value:
                raise UserError(
                    self.env._(
                        "Row %(row)s of the file contains a NUL character: it is not a customer "
                        "list as text. Save it again as .xlsx or as UTF-8 .csv.",
                        row=number,
                    )
                )

    def _map_columns(self, header):
        names = [str(cell or "").strip().lower() for cell in header]
        columns = {}
        for fname, accepted in COLUMNS.items():
            for index, name in enumerate(names):
                if name in accepted:
                    columns[fname] = index
                    break
        missing = [fname for fname in REQUIRED_COLUMNS if fname not in columns]
        if missing:
            raise UserError(
                self.env._(
                    "The first row must name the columns. Missing: %(missing)s. "
                    "Expected columns: name, credit code, phone, mail, city, owner login, "
                    "last contact date (or 客户名称, 统一社会信用代码, 电话, 邮箱, 城市, "
                    "负责人账号, 最近联系日期).",
                    missing=format_list(self.env, [COLUMNS[fname][0] for fname in missing]),
                )
            )
        return columns

    @staticmethod
    def _clean_row(row):
        for fname in ("name", "vat", "phone", "email", "city", "owner_login"):
            value = row.get(fname)
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # a phone number typed as a number in Excel
            row[fname] = str(value).strip() if value not in (None, "") else False
        value = row.get("last_contact_date")
        if isinstance(value, datetime):
            value = value.date().isoformat()
        elif isinstance(value, date):
            value = value.isoformat()
        row["last_contact_text"] = str(value).strip() if value not in (None, "") else False
        row.pop("last_contact_date", None)
        return row

    # === ANALYSIS === #
    def _analyse(self, rows):
        """One verdict per row: a dict with ``verdict``, ``message``, ``owner_id``,
        ``last_contact_date``, ``match_partner_id`` and ``match_row``.

        Three queries for the whole file, whatever its size: the owners by login, the exact
        duplicate keys through the duplicate check's function, and the matched customers.
        """
        Check = self.env["sales.duplicate.check"]
        Line = self.env["sales.customer.import.line"]
        logins = {row["owner_login"] for row in rows if row.get("owner_login")}
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("login", "in", list(logins)), ("share", "=", False)])
        )
        user_by_login = {user.login: user for user in users}
        # Owners are sales users of the company: others would own customers nobody can work on.
        company = self.env.company
        sellers = users.filtered(
            lambda u: u.active
            and company in u.company_ids
            and u.has_group("sales_governance.group_sales_rep")
        )
        # A row too long to be stored is not looked up either.
        keys = [[] if self._too_long_field(row) else self._row_keys(row) for row in rows]
        archive = self._archive_matches(keys)

        results = []
        for row in rows:
            result = {
                "verdict": "new",
                "message": False,
                "owner_id": False,
                "last_contact_date": False,
                "match_partner_id": False,
                "match_row": 0,
            }
            owner = user_by_login.get(row.get("owner_login") or "")
            result["owner_id"] = owner.id if owner else False
            contact_date = self._parse_date(row.get("last_contact_text"))
            result["last_contact_date"] = contact_date or False
            too_long = self._too_long_field(row)
            if too_long:
                result.update(
                    verdict="invalid",
                    message=self.env._(
                        "%(column)s has %(length)s characters: at most %(max)s.",
                        column=Line._fields[too_long]._description_string(self.env),
                        length=len(row[too_long]),
                        max=MAX_CHAR_LENGTH,
                    ),
                )
            elif not row.get("name"):
                result.update(verdict="invalid", message=self.env._("The name is missing."))
            elif contact_date is None:
                result.update(
                    verdict="invalid",
                    message=self.env._(
                        "%s is not a date in the past (write it as 2024-03-31).",
                        row["last_contact_text"],
                    ),
                )
            elif row.get("vat") and not Check._is_valid_uscc(row["vat"]):
                result.update(
                    verdict="invalid_vat",
                    message=self.env._("%s is not a valid unified social credit code.", row["vat"]),
                )
            elif not owner:
                result.update(
                    verdict="unknown_owner",
                    message=self.env._("No user has the login %s.", row.get("owner_login") or "")
                    if row.get("owner_login")
                    else self.env._("The owner login is missing."),
                )
            elif owner not in sellers:
                result.update(
                    verdict="invalid_owner",
                    message=self.env._(
                        "%(user)s (%(login)s) is not an active sales representative of "
                        "%(company)s: customers are owned by sales users only.",
                        user=owner.name,
                        login=owner.login,
                        company=company.name,
                    ),
                )
            results.append(result)

        partners = self.env["res.partner"].sudo().browse(list(set(archive.values())))
        partner_by_id = {partner.id: partner for partner in partners}
        first_row = {}  # (kind, key) -> index of the first row naming that customer
        for index, result in enumerate(results):
            if result["verdict"] != "new":
                continue
            row_keys = keys[index]
            match = next(
                (
                    partner_by_id[archive[kind_key]]
                    for kind_key in row_keys
                    if kind_key in archive
                    and partner_by_id[archive[kind_key]].ownership_state in OWNED_STATES
                ),
                None,
            ) or next(
                (partner_by_id[archive[kind_key]] for kind_key in row_keys if kind_key in archive),
                None,
            )
            if match:
                self._archive_verdict(result, match)
                continue
            earlier = next((first_row[k] for k in row_keys if k in first_row), None)
            if earlier is None:
                for kind_key in row_keys:
                    first_row[kind_key] = index
                continue
            self._file_verdict(rows, results, index, earlier)
        return results

    @staticmethod
    def _too_long_field(row):
        """The first text of the row longer than a customer's field holds, if any."""
        return next(
            (fname for fname in TEXT_FIELDS if len(row.get(fname) or "") > MAX_CHAR_LENGTH), None
        )

    @staticmethod
    def _row_keys(row):
        """The row's duplicate-check keys as ``(kind, key)`` pairs, as the check computes them:
        the name with and without the row's city."""
        pairs = []
        vat = normalize_vat(row.get("vat"))
        if vat:
            pairs.append(("vat", vat))
        if row.get("name"):
            for name in (
                normalize_company_name(row["name"], row.get("city")),
                normalize_company_name(row["name"]),
            ):
                if name and ("name", name) not in pairs:
                    pairs.append(("name", name))
        phone = normalize_phone(row.get("phone"))
        if phone:
            pairs.append(("phone", phone))
        domain = email_domain(row.get("email"))
        if domain:
            pairs.append(("domain", domain))
        return pairs

    def _archive_matches(self, keys):
        """``{(kind, key): partner id}`` for every key of the file found in the archive.

        One call of the duplicate check's exact-match function with all the file's keys (an
        index lookup with ``= ANY`` per key kind), then one read of the matched customers' keys.
        An owned customer wins over an unowned one with the same key.
        """
        by_kind = defaultdict(set)
        for pairs in keys:
            for kind, key in pairs:
                by_kind[kind].add(key)
        if not by_kind:
            return {}
        rows = self.env["sales.duplicate.check"]._exact_matches(
            *[sorted(by_kind[kind]) for kind in KEY_KINDS]
        )
        ids = sorted({partner_id for partner_id, _kind, _state in rows})
        if not ids:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT id, normalized_vat, normalized_name, normalized_phone, email_domain, "
                "ownership_state IN %s FROM res_partner WHERE id = ANY(%s) ORDER BY id",
                OWNED_STATES,
                ids,
            )
        )
        found = {}
        for partner_id, vat, name, phone, domain, owned in self.env.cr.fetchall():
            for kind, key in zip(KEY_KINDS, (vat, name, phone, domain), strict=True):
                if key and key in by_kind[kind] and ((kind, key) not in found or owned):
                    found[(kind, key)] = partner_id
        return found

    def _archive_verdict(self, result, partner):
        owner = self.env["res.users"].browse(result["owner_id"])
        result["match_partner_id"] = partner.id
        if partner.ownership_state in OWNED_STATES and partner.user_id != owner:
            result.update(
                verdict="conflict",
                message=self.env._(
                    "%(customer)s is already protected for %(owner)s; this row gives it to "
                    "%(row_owner)s.",
                    customer=partner.name,
                    owner=partner.user_id.name or "?",
                    row_owner=owner.name,
                ),
            )
        else:
            result.update(
                verdict="duplicate",
                message=self.env._("Already in the archive as %s.", partner.name),
            )

    def _file_verdict(self, rows, results, index, earlier):
        """Row ``index`` names the same customer as the earlier row ``earlier``."""
        result, first = results[index], results[earlier]
        result["match_row"] = rows[earlier]["row"]
        if result["owner_id"] == first["owner_id"]:
            result.update(
                verdict="duplicate",
                message=self.env._("Same customer as row %s.", rows[earlier]["row"]),
            )
            return
        owners = self.env["res.users"].browse([first["owner_id"], result["owner_id"]])
        message = self.env._(
            "Rows %(first)s and %(second)s name the same customer with two owners: %(owners)s.",
            first=rows[earlier]["row"],
            second=rows[index]["row"],
            owners=format_list(self.env, owners.mapped("name")),
        )
        result.update(verdict="conflict", message=message)
        if first["verdict"] == "new":
            first.update(verdict="conflict", message=message, match_row=rows[index]["row"])

    @staticmethod
    def _parse_date(text):
        """The date, False when empty, None when unreadable or in the future."""
        if not text:
            return False
        text = text.split(" ")[0].split("T")[0]
        for fmt in DATE_FORMATS:
            try:
                value = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            return value if value <= date.today() else None
        return None

    # === IMPORT === #
    def _create_customers(self, lines):
        """Protected customers for ``lines``, each owned by its row's owner, logged."""
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
