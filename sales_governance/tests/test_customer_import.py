import base64
import io
from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SalesGovernanceCase


def uscc_code(number):
    """A valid unified social credit code (check digit computed) for a test number."""
    from stdnum.cn import uscc

    base = f"91340100MA{number:07d}"
    return base + uscc.calc_check_digit(base)


HEADER = ("客户名称", "统一社会信用代码", "电话", "邮箱", "城市", "负责人账号", "最近联系日期")


def xlsx_file(rows, header=HEADER):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestCustomerImport(SalesGovernanceCase):
    """初始导入: every row checked against the archive and the file, then all or nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env["res.users"].create(
            {
                "name": "Governance Admin",
                "login": "sg_import_admin",
                "group_ids": [(6, 0, [cls.env.ref("sales_governance.group_governance_admin").id])],
            }
        )
        cls.customer_a.write({"name": "合肥晨曦照明工程有限公司", "vat": uscc_code(1)})
        cls.Partner = cls.env["res.partner"].with_context(active_test=False)

    def _wizard(self, rows, user=None, filename="customers.xlsx", data=None):
        return (
            self.env["sales.customer.import"]
            .with_user(user or self.admin)
            .create({"file": data or xlsx_file(rows), "filename": filename})
        )

    def _verdicts(self, wizard):
        return [(line.row, line.verdict) for line in wizard.line_ids.sorted("row")]

    def test_verdict_per_kind(self):
        """New, duplicate, conflict (archive and file), invalid code, unknown owner, bad date."""
        wizard = self._wizard(
            [
                (
                    "安徽鼎新电气有限公司",
                    uscc_code(2),
                    "0551-62000001",
                    "",
                    "合肥",
                    "sg_rep_b",
                    "2026-01-10",
                ),
                ("晨曦照明工程", "", "", "", "", "sg_rep_a", ""),  # archive, same owner
                (
                    "合肥晨曦照明工程有限公司",
                    "",
                    "",
                    "",
                    "",
                    "sg_rep_b",
                    "",
                ),  # archive, other owner
                ("芜湖星辰能源有限公司", "913401001234567890", "", "", "", "sg_rep_b", ""),
                ("马鞍山金银机械有限公司", "", "", "", "", "nobody", ""),
                ("蚌埠云创数据有限公司", "", "", "", "", "sg_rep_a", "2099-01-01"),
                ("滁州宏远电力有限公司", "", "0550-7000001", "", "", "sg_rep_a", ""),
                ("滁州宏远电力设备公司", "", "0550-7000001", "", "", "sg_rep_a2", ""),  # same phone
                ("安徽鼎新电气股份有限公司", "", "", "", "", "sg_rep_b", ""),  # same as row 2
                (None, "", "", "", "", "sg_rep_a", ""),
            ]
        )
        wizard.action_preview()
        self.assertEqual(
            self._verdicts(wizard),
            [
                (2, "new"),
                (3, "duplicate"),
                (4, "conflict"),
                (5, "invalid_vat"),
                (6, "unknown_owner"),
                (7, "invalid"),
                (8, "conflict"),
                (9, "conflict"),
                (10, "duplicate"),
                (11, "invalid"),
            ],
        )
        lines = wizard.line_ids.sorted("row")
        self.assertEqual(lines[1].match_partner_id, self.customer_a)
        self.assertIn(self.rep_a.name, lines[2].message)
        self.assertEqual((lines[6].match_row, lines[7].match_row), (9, 8))
        self.assertEqual(lines[8].match_row, 2)
        self.assertEqual(lines[0].owner_id, self.rep_b)
        self.assertEqual((wizard.new_count, wizard.problem_count), (1, 9))

    def test_import_creates_protected_customers_with_log(self):
        """Confirming creates the new rows, owned, logged, protected from the last contact."""
        wizard = self._wizard(
            [
                (
                    "安徽鼎新电气有限公司",
                    uscc_code(2),
                    "0551-62000001",
                    "",
                    "合肥",
                    "sg_rep_b",
                    "2026-01-10",
                ),
                ("六安绿色能源有限公司", "", "", "sales@lagreen.cn", "", "sg_rep_a", ""),
                ("合肥晨曦照明工程有限公司", "", "", "", "", "sg_rep_b", ""),
            ]
        )
        wizard.action_preview()
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.imported_count, 2)
        first, second = wizard.partner_ids.sorted("id")
        self.assertEqual((first.user_id, first.ownership_state), (self.rep_b, "protected"))
        self.assertEqual(first.last_maintenance_date.date(), date(2026, 1, 10))
        self.assertEqual(first.ownership_log_ids.event, "register")
        self.assertEqual(first.ownership_log_ids.new_user_id, self.rep_b)
        self.assertFalse(first.ownership_log_ids.old_user_id)
        self.assertEqual(second.user_id, self.rep_a)
        # The archive customer of the conflicting row keeps its owner.
        self.assertEqual(self.customer_a.user_id, self.rep_a)
        # The rep sees the customer given to them, not the other rep's.
        self.assertVisible(self.rep_b, first)
        self.assertInvisible(self.rep_b, second)

    def test_all_or_nothing(self):
        """A customer registered since the preview stops the import: nothing is created."""
        wizard = self._wizard(
            [
                ("安徽鼎新电气有限公司", "", "", "", "", "sg_rep_b", ""),
                ("六安绿色能源有限公司", "", "", "", "", "sg_rep_a", ""),
            ]
        )
        wizard.action_preview()
        self._create_customer("六安绿色能源有限公司", self.rep_a2)
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertFalse(self.Partner.search([("name", "=", "安徽鼎新电气有限公司")]))

    def test_failure_while_creating_rolls_back_everything(self):
        """A failure after some customers were created and owned removes them all again.

        The failure is injected into the second owner's hand-over: a real cause (another
        transaction registering the same customer between check and insert) cannot happen
        inside one test transaction.
        """
        wizard = self._wizard(
            [
                ("安徽鼎新电气有限公司", "", "", "", "", "sg_rep_b", ""),
                ("六安绿色能源有限公司", "", "", "", "", "sg_rep_a", ""),
            ]
        )
        wizard.action_preview()
        change_ownership = type(self.Partner)._change_ownership
        calls = []

        def failing_change_ownership(partners, event, reason, **kwargs):
            if event == "register":
                calls.append(kwargs.get("owner"))
                if len(calls) == 2:
                    raise UserError(partners.env._("Simulated failure"))
            return change_ownership(partners, event, reason, **kwargs)

        with patch.object(type(self.Partner), "_change_ownership", failing_change_ownership):
            with self.assertRaises(UserError):
                wizard.action_import()
        self.assertEqual(len(calls), 2)
        self.assertFalse(
            self.Partner.search([("name", "in", ["安徽鼎新电气有限公司", "六安绿色能源有限公司"])])
        )
        self.assertFalse(
            self.env["sales.customer.ownership.log"].search([("reason", "like", "customers.xlsx")])
        )

    def test_owners_are_active_sales_users_of_the_company(self):
        """A row owned by someone outside sales (a finance reviewer), an archived rep or a rep
        of another company is refused, saying why; a rep of the company imports."""
        finance = new_test_user(
            self.env,
            "sg_import_finance",
            "sales_governance.group_contract_finance_reviewer",
            name="Finance Reviewer",
        )
        gone = new_test_user(
            self.env, "sg_import_gone", "sales_governance.group_sales_rep", name="Gone Rep"
        )
        gone.active = False
        elsewhere_company = self.env["res.company"].create({"name": "外地分公司"})
        elsewhere = new_test_user(
            self.env,
            "sg_import_elsewhere",
            "sales_governance.group_sales_rep",
            name="Elsewhere Rep",
            company_id=elsewhere_company.id,
            company_ids=elsewhere_company.ids,
        )
        wizard = self._wizard(
            [
                ("宣城财务指定有限公司", "", "", "", "", "sg_import_finance", ""),
                ("宣城离职客户有限公司", "", "", "", "", "sg_import_gone", ""),
                ("宣城外地客户有限公司", "", "", "", "", "sg_import_elsewhere", ""),
                ("宣城销售客户有限公司", "", "", "", "", "sg_rep_a", ""),
            ]
        )
        wizard.action_preview()
        self.assertEqual(
            self._verdicts(wizard),
            [(2, "invalid_owner"), (3, "invalid_owner"), (4, "invalid_owner"), (5, "new")],
        )
        lines = wizard.line_ids.sorted("row")
        for line, user in zip(lines, (finance, gone, elsewhere), strict=False):
            self.assertIn(user.name, line.message)
            self.assertIn("sales", line.message)
        wizard.action_import()
        self.assertEqual(wizard.partner_ids.user_id, self.rep_a)
        self.assertFalse(
            self.Partner.search([("name", "like", "宣城"), ("user_id", "!=", self.rep_a.id)])
        )

    def test_csv_and_conflict_report(self):
        """A GB18030 .csv reads like an .xlsx; the conflict report lists the rows not imported."""
        import openpyxl

        text = "name,credit code,phone,mail,city,owner login,last contact date\n"
        text += "安徽鼎新电气有限公司,,,,,sg_rep_b,2026/01/10\n"
        text += "合肥晨曦照明工程有限公司,,,,,sg_rep_b,\n"
        data = base64.b64encode(text.encode("gb18030"))
        wizard = self._wizard([], filename="customers.csv", data=data)
        wizard.action_preview()
        self.assertEqual(self._verdicts(wizard), [(2, "new"), (3, "conflict")])
        action = wizard.action_download_report()
        self.assertIn("download=true", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.report_file)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][1], "合肥晨曦照明工程有限公司")
        self.assertEqual(rows[1][6], self.customer_a.name)

    def test_conflict_report_writes_text_never_formulas(self):
        """A customer a rep named ``=HYPERLINK(...)`` and rows of the file starting with
        = + - @, a tab or a carriage return are text in the conflict report: no formula cell,
        and the cells keep their text as typed (a quote prefix, not a quote character)."""
        import zipfile

        import openpyxl

        hyperlink = '=HYPERLINK("http://evil.example/x","点此查看")'
        customer = (
            self.env["res.partner"]
            .with_user(self.rep_a)
            .create({"name": hyperlink, "is_company": True})
        )
        self.assertEqual(customer.user_id, self.rep_a)
        hostile = ["+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
        # The file as a spreadsheet user types it: text cells, none a formula.
        book = openpyxl.Workbook()
        book.active.append(HEADER)
        for row in [(hyperlink, "", "", "", "", "sg_rep_b", "")] + [
            (name, "", "", "", "", "=cmd", "") for name in hostile
        ]:
            book.active.append(row)
            for cell in book.active[book.active.max_row]:
                cell.data_type = "s"
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._wizard([], data=base64.b64encode(buffer.getvalue()))
        wizard.action_preview()
        self.assertEqual(
            [verdict for _row, verdict in self._verdicts(wizard)],
            ["conflict"] + ["unknown_owner"] * 5,
        )
        wizard.action_download_report()
        content = base64.b64decode(wizard.report_file)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet_xml)
        self.assertNotIn("<f ", sheet_xml)
        book = openpyxl.load_workbook(io.BytesIO(content))
        cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
        self.assertFalse([cell.coordinate for cell in cells if cell.data_type == "f"])
        values = [[cell.value for cell in row] for row in book.active.iter_rows(min_row=2)]
        self.assertEqual(values[0][1], hyperlink)
        self.assertEqual(values[0][6], hyperlink)  # the archive customer of the rep
        # Read as written, without the spaces around (a tab or a return before "=" included).
        self.assertEqual([row[1] for row in values[1:]], [name.strip() for name in hostile])
        self.assertEqual({row[3] for row in values[1:]}, {"=cmd"})
        for cell in cells:
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                self.assertTrue(cell.quotePrefix, cell.coordinate)
                self.assertEqual(cell.data_type, "s", cell.coordinate)
        # A .csv may bring characters a sheet cannot hold: the report leaves them out.
        text = "name,owner login\n芜湖\x01控制字符有限公司,nobody\n"
        wizard = self._wizard([], filename="customers.csv", data=base64.b64encode(text.encode()))
        wizard.action_preview()
        wizard.action_download_report()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.report_file)))
        self.assertEqual(book.active["B2"].value, "芜湖控制字符有限公司")

    def test_nul_character_refuses_the_file(self):
        """A NUL byte (a binary file, a .csv saved as UTF-16) gets a clear error naming the
        row, before anything is stored; the administrator saves the file again."""
        lines = self.env["sales.customer.import.line"].search_count([])
        for data, row in (
            ("name,owner login\n安徽鼎新\x00电气有限公司,sg_rep_b\n".encode(), 2),
            ("name,owner login\nAnhui Dingxin Ltd,sg_rep_b\n".encode("utf-16-le"), 1),
        ):
            wizard = self._wizard([], filename="customers.csv", data=base64.b64encode(data))
            with self.assertRaisesRegex(UserError, f"Row {row} .* NUL character"):
                wizard.action_preview()
            self.assertEqual(wizard.state, "upload")
        self.assertEqual(self.env["sales.customer.import.line"].search_count([]), lines)
        self.assertFalse(self.Partner.search([("name", "like", "安徽鼎新")]))
        self.assertFalse(self.Partner.search([("name", "like", "Dingxin")]))

    def test_overlong_values_are_invalid_rows(self):
        """A 3,000-character name (or credit code, phone, mail, city, login) is an invalid
        row saying which column and its maximum; the other rows import, no database error."""
        wizard = self._wizard(
            [
                ("长" * 3000, "", "", "", "", "sg_rep_a", ""),
                ("安徽鼎新电气有限公司", "", "1" * 3000, "", "", "sg_rep_b", ""),
                ("六安绿色能源有限公司", "", "", "", "合" * 257, "sg_rep_a", ""),
                ("长" * 256, "", "", "", "", "sg_rep_a", ""),
            ]
        )
        wizard.action_preview()
        self.assertEqual(
            self._verdicts(wizard), [(2, "invalid"), (3, "invalid"), (4, "invalid"), (5, "new")]
        )
        messages = wizard.line_ids.sorted("row").mapped("message")
        self.assertIn("Name has 3000 characters: at most 256.", messages[0])
        self.assertIn("Phone has 3000 characters", messages[1])
        self.assertIn("City has 257 characters", messages[2])
        wizard.action_import()
        self.assertEqual(wizard.partner_ids.mapped("name"), ["长" * 256])
        self.assertFalse(
            self.Partner.search([("name", "in", ["安徽鼎新电气有限公司", "六安绿色能源有限公司"])])
        )
        wizard.action_download_report()
        self.assertTrue(wizard.report_file)

    def test_missing_columns_refused(self):
        """A file without the owner column is refused with the expected columns named."""
        wizard = self._wizard([], data=xlsx_file([("安徽鼎新电气有限公司",)], header=["客户名称"]))
        with self.assertRaises(UserError):
            wizard.action_preview()

    def test_admin_only(self):
        """Representatives and managers cannot open, read or run an import."""
        wizard = self._wizard([("安徽鼎新电气有限公司", "", "", "", "", "sg_rep_b", "")])
        wizard.action_preview()
        for user in (self.rep_a, self.manager_a, self.director):
            with self.assertRaises(AccessError):
                self._wizard([("x", "", "", "", "", "sg_rep_a", "")], user=user)
            with self.assertRaises(AccessError):
                wizard.with_user(user).action_import()
            with self.assertRaises(AccessError):
                wizard.line_ids.with_user(user).read(["name"])

    def test_import_menu_and_refusal_for_others(self):
        """Only administrators see the import's menu; anybody else reaching the dialog is
        refused in words naming the import, not the technical model."""
        menu = self.env.ref("sales_governance.sales_customer_import_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.admin)._visible_menu_ids())
        for user in (self.assistant, self.rep_a, self.manager_a, self.director):
            with self.subTest(user=user.login):
                self.assertNotIn(menu.id, Menu.with_user(user)._visible_menu_ids())
                Import = self.env["sales.customer.import"].with_user(user)
                with self.assertRaisesRegex(AccessError, "initial customer import") as caught:
                    Import.onchange({}, [], {"state": {}, "file": {}})
                self.assertNotIn("sales.customer.import", str(caught.exception))
                with self.assertRaises(AccessError):
                    Import.create({"file": xlsx_file([]), "filename": "x.xlsx"})

    def test_dialog_keeps_its_title(self):
        """Each step reopens the dialog under the import's name (not the web client's)."""
        wizard = self._wizard([("安徽鼎新电气有限公司", "", "", "", "", "sg_rep_b", "")])
        action = wizard.action_preview()
        self.assertEqual(action["name"], "Initial Customer Import")
        self.assertEqual(
            wizard.with_context(lang="zh_CN").action_preview()["name"],
            self.env["ir.model"].with_context(lang="zh_CN")._get(wizard._name).name,
        )
