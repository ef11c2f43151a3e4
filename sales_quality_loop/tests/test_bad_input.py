from datetime import timedelta

from odoo import Command, fields
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase
from odoo.exceptions import ValidationError
from odoo.tests import tagged

# Models of the quality loop that a client writes (forms, import, RPC), wizards included.
LOOP_MODELS = (
    "sales.work.log",
    "sales.work.log.line",
    "sales.revisit",
    "sales.complaint",
    "sales.improvement.action",
    "sales.improvement.verify",
    "sales.work.log.late",
)


@tagged("post_install", "-at_install")
class TestBadInput(SalesGovernanceCase):
    """Input the database cannot hold gets a clear, translated error before anything is
    written (issue 19 §7), from the shared value check of the workflow guard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["sales.complaint"].with_user(cls.rep_a)
        cls.Log = cls.env["sales.work.log"].with_user(cls.rep_a)

    def _assert_refused(self, model, regex, call):
        count = self.env[model].search_count([])
        with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
            call()
        self.assertEqual(self.env[model].search_count([]), count)

    def test_every_loop_model_has_the_value_check(self):
        """Each model of the loop, wizards included, is on the workflow guard."""
        guarded = self.env.registry.descendants(["sales.workflow.mixin"], "_inherit")
        models = self.env["ir.model"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "sales_quality_loop"), ("model", "=", "ir.model")])
            .mapped("res_id")
        )
        names = {name for name in models.mapped("model") if name.startswith("sales.")}
        self.assertTrue(set(LOOP_MODELS) <= names)
        self.assertFalse(names - guarded)

    def test_customer_not_an_id(self):
        """A complaint with customer "abc": a clear error, no database type error."""
        self._assert_refused(
            "sales.complaint",
            "not a valid Customer",
            lambda: self.Complaint.create({"partner_id": "abc", "description": "x"}),
        )
        complaint = self.Complaint.create({"partner_id": self.customer_a.id, "description": "x"})
        with self.assertRaisesRegex(ValidationError, "not a valid Customer"), self.cr.savepoint():
            complaint.with_user(self.manager_a).write({"partner_id": "abc"})

    def test_customer_that_does_not_exist(self):
        """A work-log line naming a customer id that does not exist says so; no log is left."""
        missing = self.env["res.partner"].search([], order="id desc", limit=1).id + 1000
        self._assert_refused(
            "sales.work.log",
            f"id {missing}\\) does not exist",
            lambda: self.Log.create(
                {"line_ids": [Command.create({"partner_id": missing, "summary": "x"})]}
            ),
        )
        log = self.Log.create({})
        with self.assertRaisesRegex(ValidationError, "does not exist"), self.cr.savepoint():
            log.write({"line_ids": [Command.create({"partner_id": missing, "summary": "x"})]})
        self.assertFalse(log.line_ids)

    def test_nul_characters_refused(self):
        """A NUL character in any text gets a clear error, in every loop model."""
        self._assert_refused(
            "sales.complaint",
            "NUL",
            lambda: self.Complaint.create(
                {"partner_id": self.customer_a.id, "description": "坏\x00了"}
            ),
        )
        self._assert_refused(
            "sales.work.log.line",
            "NUL",
            lambda: self.Log.create(
                {
                    "line_ids": [
                        Command.create({"partner_id": self.customer_a.id, "summary": "\x00"})
                    ]
                }
            ),
        )
        complaint = self.Complaint.create({"partner_id": self.customer_a.id, "description": "x"})
        action = (
            self.env["sales.improvement.action"]
            .with_user(self.rep_a)
            .create({"complaint_id": complaint.id, "name": "a", "deadline": fields.Date.today()})
        )
        with self.assertRaisesRegex(ValidationError, "NUL"), self.cr.savepoint():
            action.write({"name": "a\x00b"})
        action.action_done()
        with self.assertRaisesRegex(ValidationError, "NUL"), self.cr.savepoint():
            action.with_user(self.manager_a).action_verify(True, "ok\x00")
        self.assertEqual(action.state, "done")
        with self.assertRaisesRegex(ValidationError, "NUL"), self.cr.savepoint():
            self.env["sales.improvement.verify"].with_user(self.manager_a).create(
                {"action_id": action.id, "note": "\x00"}
            )
        with self.assertRaisesRegex(ValidationError, "NUL"), self.cr.savepoint():
            self.env["sales.work.log.late"].with_user(self.manager_a).create(
                {"user_id": self.rep_a.id, "reason": "\x00"}
            )

    def test_long_names_refused(self):
        """A 3,000-character name or next step is refused with its maximum."""
        complaint = self.Complaint.create({"partner_id": self.customer_a.id, "description": "x"})
        self._assert_refused(
            "sales.improvement.action",
            "at most 256",
            lambda: self.env["sales.improvement.action"]
            .with_user(self.rep_a)
            .create(
                {"complaint_id": complaint.id, "name": "长" * 3000, "deadline": fields.Date.today()}
            ),
        )
        self._assert_refused(
            "sales.work.log.line",
            "at most 256",
            lambda: self.Log.create(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "partner_id": self.customer_a.id,
                                "summary": "x",
                                "next_step": "x" * 3000,
                            }
                        )
                    ]
                }
            ),
        )

    def test_bad_choices_dates_and_numbers(self):
        """A severity outside its list, a malformed date, a number that is none or too large:
        each gets its clear error, also for the manager who may set them."""
        complaint = self.Complaint.create({"partner_id": self.customer_a.id, "description": "x"})
        manager = complaint.with_user(self.manager_a)
        for vals, regex in (
            ({"severity": "abc"}, "not a valid Severity"),
            ({"received_date": "yesterday"}, "not a valid date"),
            ({"received_date": fields.Datetime.now() + timedelta(days=3)}, "in the future"),
        ):
            with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
                manager.write(vals)
        revisit = (
            self.env["sales.revisit"]
            .with_user(self.manager_a)
            .create({"partner_id": self.customer_a.id, "user_id": self.rep_a.id})
        )
        for vals, regex in (
            ({"revisit_type": "x"}, "not a valid Type"),
            ({"scheduled_date": "2035-13-45"}, "not a valid date"),
        ):
            with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
                revisit.write(vals)
        Line = self.env["sales.work.log.line"].with_user(self.rep_a)
        log = self.Log.create({})
        for value, regex in (("abc", "not a number"), (10**12, "too large")):
            with self.assertRaisesRegex(ValidationError, regex), self.cr.savepoint():
                Line.create({"log_id": log.id, "summary": "x", "sequence": value})
        self.assertFalse(log.line_ids)

    def test_errors_translated(self):
        """The refusals read in Chinese for a Chinese user."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["sales_governance_base", "sales_quality_loop"], ["zh_CN"]
        )
        Complaint = self.Complaint.with_context(lang="zh_CN")
        for vals in (
            {"partner_id": "abc", "description": "x"},
            {"partner_id": self.customer_a.id, "description": "\x00"},
        ):
            with self.assertRaises(ValidationError) as refusal:
                Complaint.create(vals)
            self.assertRegex(str(refusal.exception), r"[\u4e00-\u9fff]")
            self.assertNotIn("NUL character", str(refusal.exception))
