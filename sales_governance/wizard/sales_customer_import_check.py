import base64
import csv
import io
from collections import defaultdict
from datetime import date, datetime

from odoo import models
from odoo.addons.sales_governance_base.models.sales_workflow_mixin import MAX_CHAR_LENGTH
from odoo.exceptions import UserError
from odoo.tools import SQL, format_list

from ..const import OWNED_STATES
from ..tools import email_domain, normalize_company_name, normalize_phone, normalize_vat

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
# The row's texts, as the line stores them, in the order their length is checked.
TEXT_FIELDS = ("name", "vat", "phone", "email", "city", "owner_login", "last_contact_text")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d/%m/%Y")
KEY_KINDS = ("vat", "name", "phone", "domain")


class SalesCustomerImport(models.TransientModel):
    """The import's checks: reading the file into rows and giving every row its verdict
    against the archive and the other rows of the file. The wizard itself, its buttons, the
    creation of the customers and the conflict report are in ``sales_customer_import.py``."""

    # One concern per file, as the certificate's workflow: not merged with
    # sales_customer_import.py.
    _inherit = "sales.customer.import"  # pylint: disable=consider-merging-classes-inherited

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

        # sudo: the archive's match (found in SQL) may be a customer the administrator's record
        # rules hide (another company's); only its name, owner and ownership state are read.
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
