import base64
from datetime import timedelta
from unittest.mock import patch

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import QualificationCase


@tagged("post_install", "-at_install")
class TestRegister(QualificationCase):
    """The register, who edits it and what it refuses."""

    def test_user_reads_register_but_cannot_edit(self):
        """A user finds the certificates but neither creates nor edits them."""
        Qualification = self.env["sales.qualification"].with_user(self.user)
        self.assertEqual(Qualification.search([("number", "=", "SQ-0001")]), self.certificate)
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.user).write({"location": "Drawer"})
        with self.assertRaises(AccessError):
            Qualification.create(
                {"name": "X", "number": "X", "type_id": self.qualification_type.id}
            )

    def test_custodian_registers_draft(self):
        """A custodian registers a new certificate, which starts as a draft."""
        certificate = (
            self.env["sales.qualification"]
            .with_user(self.custodian)
            .create(
                {
                    "name": "Design Grade B",
                    "number": " SQ-0002 ",
                    "type_id": self.qualification_type.id,
                    "issue_date": self.TODAY,
                    "expiry_date": self.TODAY + timedelta(days=900),
                }
            )
        )
        self.assertEqual(certificate.state, "draft")
        self.assertEqual(certificate.number, "SQ-0002")
        self.assertEqual(certificate.custodian_id, self.custodian)

    def test_create_as_valid_refused(self):
        """Nobody but the system registers a certificate directly as valid."""
        with self.assertRaises(AccessError):
            self.env["sales.qualification"].with_user(self.manager).create(
                {
                    "name": "Shortcut",
                    "number": "SQ-0003",
                    "type_id": self.qualification_type.id,
                    "issue_date": self.TODAY,
                    "expiry_date": self.TODAY + timedelta(days=9),
                    "state": "valid",
                }
            )

    def test_state_write_refused(self):
        """Even a manager cannot write the status over RPC: only the buttons change it."""
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.manager).write({"state": "draft"})
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.manager).write({"alert_lead_days": 7})
        self.assertEqual(self.certificate.state, "valid")

    def test_locked_fields_after_draft(self):
        """Dates and number of a valid certificate change only by renewal; its location may."""
        certificate = self.certificate.with_user(self.custodian)
        with self.assertRaises(UserError):
            certificate.write({"expiry_date": self.TODAY + timedelta(days=4000)})
        with self.assertRaises(UserError):
            certificate.write({"number": "SQ-9999"})
        certificate.write({"location": "Safe B"})
        self.assertEqual(self.certificate.location, "Safe B")

    def test_expiry_before_issue_refused(self):
        """An expiry date on or before the issue date is refused, nothing is created."""
        Qualification = self.env["sales.qualification"].with_user(self.custodian)
        count = Qualification.search_count([])
        with self.assertRaises(ValidationError):
            Qualification.create(
                {
                    "name": "Backwards",
                    "number": "SQ-0004",
                    "type_id": self.qualification_type.id,
                    "issue_date": self.TODAY,
                    "expiry_date": self.TODAY - timedelta(days=1),
                }
            )
        self.assertEqual(Qualification.search_count([]), count)

    def test_duplicate_number_refused(self):
        """A number is unique per type and company, with a clear message."""
        Qualification = self.env["sales.qualification"].with_user(self.custodian)
        vals = {
            "name": "Copycat",
            "number": "SQ-0001 ",
            "type_id": self.qualification_type.id,
            "issue_date": self.TODAY,
            "expiry_date": self.TODAY + timedelta(days=90),
        }
        with self.assertRaisesRegex(ValidationError, "SQ-0001"):
            Qualification.create(vals)
        other_type = self.env["sales.qualification.type"].create({"name": "Design"})
        self.assertTrue(Qualification.create({**vals, "type_id": other_type.id}))

    def test_duplicate_number_guarded_in_database(self):
        """The database refuses a duplicate even when the Python check is skipped."""
        Qualification = self.env["sales.qualification"]
        with (
            patch.object(type(Qualification), "_check_number_unique", lambda *args: None),
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.IntegrityError),
        ):
            self._create_qualification("Twin", "SQ-0001")

    def test_scans_hidden_from_user(self):
        """Scans of the original are seen by custodians only, not as plain attachments."""
        scan = (
            self.env["ir.attachment"]
            .with_user(self.custodian)
            .create(
                {
                    "name": "scan.pdf",
                    "datas": base64.b64encode(b"%PDF-1.4 scan"),
                    "res_model": "sales.qualification",
                    "res_id": self.certificate.id,
                }
            )
        )
        self.certificate.with_user(self.custodian).write(
            {"scan_attachment_ids": [Command.link(scan.id)]}
        )
        self.assertEqual(self.certificate.with_user(self.custodian).scan_attachment_ids, scan)
        self.assertEqual(scan.res_field, "scan_attachment_ids")
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.user).read(["scan_attachment_ids"])
        Attachment = self.env["ir.attachment"].with_user(self.user)
        self.assertFalse(
            Attachment.search(
                [("res_model", "=", "sales.qualification"), ("res_id", "=", self.certificate.id)]
            )
        )
        with self.assertRaises(AccessError):
            scan.with_user(self.user).read(["datas"])

    def test_expiry_status(self):
        """Days to expiry and status follow the date, and can be searched."""
        soon = self._create_qualification("Soon", "SQ-0005", expiry_days=20, state="valid")
        gone = self._create_qualification("Gone", "SQ-0006", expiry_days=0, state="valid")
        self.assertEqual(soon.days_to_expiry, 20)
        self.assertEqual(
            (self.certificate.expiry_status, soon.expiry_status, gone.expiry_status),
            ("valid", "expiring", "expired"),
        )
        Qualification = self.env["sales.qualification"].with_user(self.user)
        self.assertEqual(Qualification.search([("expiry_status", "=", "expiring")]), soon)
        self.assertIn(gone, Qualification.search([("days_to_expiry", "<=", 0)]))
        with freeze_time(self.TODAY + timedelta(days=21)):
            soon.invalidate_recordset(["expiry_status"])
            self.assertEqual(soon.expiry_status, "expired")

    def test_unlink_only_drafts(self):
        """A registered certificate cannot be deleted, even by a manager."""
        with self.assertRaises(UserError):
            self.certificate.with_user(self.manager).unlink()
        draft = self._create_qualification("Draft", "SQ-0007")
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_manager_suspends_and_revokes(self):
        """Only a manager suspends, reactivates and revokes a certificate."""
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.custodian).action_suspend()
        self.certificate.with_user(self.manager).action_suspend()
        self.assertEqual(self.certificate.state, "suspended")
        self.certificate.with_user(self.manager).action_reactivate()
        self.assertEqual(self.certificate.state, "valid")
        self.certificate.with_user(self.manager).action_revoke()
        self.assertEqual(self.certificate.state, "revoked")
        with self.assertRaises(UserError):
            self.certificate.with_user(self.manager).action_suspend()

    def test_other_company_invisible(self):
        """Certificates of another company stay out of sight."""
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign = self._create_qualification("Foreign", "SQ-0008", company_id=other.id)
        self.assertFalse(
            self.env["sales.qualification"]
            .with_user(self.custodian)
            .search([("id", "=", foreign.id)])
        )


@tagged("post_install", "-at_install")
class TestCertificateFiles(QualificationCase):
    """Files on a certificate are the custodian's, wherever they were attached."""

    def test_chatter_file_is_not_readable_by_plain_user(self):
        """A scan dropped into the chatter: a register user sees it exists, not its content."""
        certificate = self._create_qualification("安全生产许可证", "AQ-2026-001")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "营业执照正本.pdf",
                "raw": b"%PDF-1.4 secret scan",
                "res_model": "sales.qualification",
                "res_id": certificate.id,
            }
        )
        as_user = attachment.with_user(self.user)
        values = as_user.read(["name", "datas", "raw", "checksum"])[0]
        self.assertEqual(values["name"], "营业执照正本.pdf")
        self.assertFalse(values["datas"] or values["raw"] or values["checksum"])
        with self.assertRaises(AccessError):
            self.env["ir.binary"].with_user(self.user)._record_to_stream(as_user, "raw")
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(self.user)
            .search([("id", "=", attachment.id), ("checksum", "=", attachment.checksum)])
        )
        custodian_values = attachment.with_user(self.custodian).read(["raw"])[0]
        self.assertTrue(custodian_values["raw"])
