import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

GROUP_USER = "sales_qualification.group_qualification_user"
GROUP_CUSTODIAN = "sales_qualification.group_qualification_custodian"
GROUP_MANAGER = "sales_qualification.group_qualification_manager"
ACTIVITY_EXPIRY = "sales_qualification.mail_activity_type_qualification_expiry"
ACTIVITY_REVIEW = "sales_qualification.mail_activity_type_qualification_review"

# What defines a certificate: frozen once it leaves draft, only a renewal changes it.
LOCKED_FIELDS = frozenset(
    {"number", "type_id", "authority", "issue_date", "expiry_date", "company_id"}
)


class SalesQualification(models.Model):
    """A qualification certificate of the company.

    Workflow: draft → review (legal, finance and technical review tiers of the OCA
    validation engine, editable in Configuration) → valid → suspended / revoked / expired
    (daily job), renewed in place. Only the buttons and the daily job change the state
    (``sales.workflow.mixin``); number, type, authority, dates and company are frozen once the
    certificate leaves draft.
    """

    _name = "sales.qualification"
    _description = "Qualification Certificate"
    _inherit = ["sales.workflow.mixin", "mail.thread", "mail.activity.mixin", "tier.validation"]
    _order = "expiry_date, name, id"
    _check_company_auto = True

    # Tier validation: the reviews run while the certificate is in review; all approved, it
    # becomes valid; a rejection sends it back to draft (reviews kept until it is resubmitted).
    _state_from = ["review"]
    _state_to = ["valid"]
    _cancel_state = "draft"
    _tier_validation_manual_config = False
    # The header's buttons are all for custodians or managers; a reviewer may be neither.
    _tier_validation_buttons_xpath = "/form/header/field[@name='state']"

    _number_type_company_unique = models.Constraint(
        "UNIQUE(number, type_id, company_id)",
        "A certificate with this number already exists for this type and company.",
    )

    # === FIELDS === #
    name = fields.Char(required=True, tracking=True)
    number = fields.Char(string="Certificate Number", required=True, tracking=True, index=True)
    type_id = fields.Many2one(
        "sales.qualification.type",
        string="Qualification Type",
        required=True,
        tracking=True,
        index=True,
        ondelete="restrict",
    )
    authority = fields.Char(string="Issuing Authority", tracking=True)
    grade = fields.Char(tracking=True, help="Grade or level of the qualification, e.g. Grade I.")
    scope = fields.Text(help="Business the certificate allows the company to do.")
    region = fields.Char(help="Where the certificate is recognised, e.g. Hefei or Anhui.")
    issue_date = fields.Date(required=True, tracking=True)
    expiry_date = fields.Date(required=True, tracking=True, index=True)
    custodian_id = fields.Many2one(
        "res.users",
        required=True,
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
        domain=lambda self: [("group_ids", "in", self.env.ref(GROUP_CUSTODIAN).id)],
        help="Keeps the original; checks it out to borrowers and takes it back.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Qualification Manager",
        tracking=True,
        default=lambda self: self._default_manager_id(),
        domain=lambda self: [("group_ids", "in", self.env.ref(GROUP_MANAGER).id)],
        help="Receives the expiry alerts and the borrow requests to approve.",
    )
    location = fields.Char(string="Storage Location")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    note = fields.Html()
    # Scans of the original: custodians and managers only, the attachments are bound to
    # this field (res_field) so that ir.attachment applies the same group restriction.
    scan_attachment_ids = fields.Many2many(
        "ir.attachment",
        "sales_qualification_scan_rel",
        "qualification_id",
        "attachment_id",
        string="Scans",
        copy=False,
        groups=GROUP_CUSTODIAN,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("review", "In Review"),
            ("valid", "Valid"),
            ("suspended", "Suspended"),
            ("revoked", "Revoked"),
            ("expired", "Expired"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    days_to_expiry = fields.Integer(
        compute="_compute_expiry", search="_search_days_to_expiry", string="Days to Expiry"
    )
    expiry_status = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        compute="_compute_expiry",
        search="_search_expiry_status",
    )
    expiry_color = fields.Integer(compute="_compute_expiry")
    alert_lead_days = fields.Integer(
        string="Last Alert Lead Time",
        readonly=True,
        copy=False,
        help="Lead time (days) of the last expiry alert; 0 when none was sent since the last "
        "renewal. Keeps the daily check from alerting twice.",
    )
    qualification_review_ids = fields.One2many(
        "sales.qualification.review", "qualification_id", string="Department Reviews"
    )
    renewal_ids = fields.One2many(
        "sales.qualification.renewal", "qualification_id", string="Renewals"
    )
    borrow_ids = fields.One2many(
        "sales.qualification.borrow", "qualification_id", string="Borrow Records"
    )
    borrow_count = fields.Integer(compute="_compute_borrow_count")
    is_out = fields.Boolean(
        string="Original Out",
        compute="_compute_is_out",
        help="The original is checked out to a borrower.",
    )

    # === DEFAULTS AND SETTINGS === #
    @api.model
    def _default_manager_id(self):
        # sudo: the default comes from the company settings, whatever the user may read of them
        manager = self.env.company.sudo().qualification_manager_id
        if manager.active:
            return manager
        return self.env.user if self.env.user.has_group(GROUP_MANAGER) else False

    @api.model
    def _get_alert_lead_days(self, company=None):
        """Lead times of the expiry alerts of ``company`` (default: the current one), largest
        first (setting, default 90, 30, 7)."""
        return (company or self.env.company)._get_qualification_alert_lead_days()

    @api.model
    def _get_min_remaining_days(self, company=None):
        # sudo: the rule comes from the company settings, whatever the user may read of them
        return (company or self.env.company).sudo().qualification_min_remaining_days

    # === COMPUTES === #
    @api.depends("expiry_date", "state")
    def _compute_expiry(self):
        """Position of each certificate against today's date.

        - expired: the expiry date is today or past
        - expiring: it falls within the largest alert lead time (90 days by default)
        - valid: later than that
        """
        today = fields.Date.context_today(self)
        colors = {"expired": 1, "expiring": 2, "valid": 10}
        for qualification in self:
            horizon = max(self._get_alert_lead_days(qualification.company_id or None))
            if not qualification.expiry_date:
                qualification.days_to_expiry = 0
                qualification.expiry_status = False
                qualification.expiry_color = 0
                continue
            days = (qualification.expiry_date - today).days
            status = "expired" if days <= 0 else "expiring" if days <= horizon else "valid"
            qualification.days_to_expiry = days
            qualification.expiry_status = status
            qualification.expiry_color = (
                0 if qualification.state in ("revoked", "suspended") else colors[status]
            )

    def _search_days_to_expiry(self, operator, value):
        today = fields.Date.context_today(self)
        if operator in ("<", "<=", ">", ">="):
            return [("expiry_date", operator, today + timedelta(days=int(value)))]
        if operator == "in":
            dates = [today + timedelta(days=int(v)) for v in value if v is not False]
            return [("expiry_date", "in", dates)]
        return NotImplemented

    def _search_expiry_status(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=max(self._get_alert_lead_days()))
        domains = {
            "expired": Domain("expiry_date", "<=", today),
            "expiring": Domain("expiry_date", ">", today) & Domain("expiry_date", "<=", horizon),
            "valid": Domain("expiry_date", ">", horizon),
        }
        return Domain.OR(domains[status] for status in value if status in domains)

    def _compute_borrow_count(self):
        counts = dict(
            self.env["sales.qualification.borrow"]._read_group(
                [("qualification_id", "in", self.ids)], ["qualification_id"], ["__count"]
            )
        )
        for qualification in self:
            qualification.borrow_count = counts.get(qualification, 0)

    def _compute_is_out(self):
        out = (
            # sudo: everyone may know that the original is out, not only who sees the borrow
            self.env["sales.qualification.borrow"]
            .sudo()
            .search(
                [
                    ("qualification_id", "in", self.ids),
                    ("state", "=", "borrowed"),
                    ("borrow_type", "=", "original"),
                ]
            )
        )
        for qualification in self:
            qualification.is_out = qualification in out.qualification_id

    # === CONSTRAINTS === #
    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for qualification in self:
            if (
                qualification.issue_date
                and qualification.expiry_date
                and qualification.expiry_date <= qualification.issue_date
            ):
                raise ValidationError(
                    self.env._(
                        "The expiry date of %(name)s must be after its issue date.",
                        name=qualification.name,
                    )
                )

    def _check_number_unique(self, vals_list):
        """Refuse a number already used for the same type and company, with a clear message.

        The SQL constraint stays the guarantee under concurrency; this check runs before it
        so that the user reads which certificate is in the way.
        """
        seen = set()
        records = self or [self.browse()] * len(vals_list)
        for record, vals in zip(records, vals_list, strict=True):
            number = (vals.get("number", record.number) or "").strip()
            type_id = vals.get("type_id", record.type_id.id)
            company_id = vals.get("company_id", record.company_id.id or self.env.company.id)
            key = (number, type_id, company_id)
            duplicate = (
                # sudo: numbers are unique also among certificates the user may not read
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("number", "=", number),
                        ("type_id", "=", type_id),
                        ("company_id", "=", company_id),
                        ("id", "not in", self.ids),
                    ],
                    limit=1,
                )
            )
            if duplicate or key in seen:
                raise ValidationError(
                    self.env._(
                        "Certificate number %(number)s is already registered for this "
                        "qualification type and company (%(existing)s).",
                        number=number,
                        existing=duplicate.name or number,
                    )
                )
            seen.add(key)

    # === WORKFLOW GUARD (sales.workflow.mixin) === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "alert_lead_days",
            "review_ids",
            "validation_status",
        }

    def _get_workflow_locked(self):
        return self.filtered(lambda q: q.state != "draft")

    def _get_workflow_lock_exceptions(self):
        # Only what defines the certificate is frozen: custody, scope and notes stay open.
        return super()._get_workflow_lock_exceptions() | (set(self._fields) - LOCKED_FIELDS)

    def _get_workflow_lock_message(self):
        self.ensure_one()
        return self.env._(
            "Certificate %(name)s is %(state)s: its number, type, authority, dates and company "
            "change only through a renewal, and it cannot be deleted (revoke or archive it).",
            name=self.name,
            state=self._state_label(),
        )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("number"):
                vals["number"] = vals["number"].strip()
        self.browse()._check_number_unique(vals_list)
        qualifications = super().create(vals_list)
        qualifications._bind_scan_attachments()
        return qualifications

    def write(self, vals):
        if vals.get("number"):
            vals["number"] = vals["number"].strip()
        if {"number", "type_id", "company_id"} & vals.keys():
            self._check_number_unique([vals] * len(self))
        result = super().write(vals)
        if "scan_attachment_ids" in vals:
            self._bind_scan_attachments()
        return result

    def _bind_scan_attachments(self):
        """Tie the scans to the restricted field, so that users do not reach them as ordinary
        attachments of the certificate (chatter, /web/content)."""
        # sudo: the scans are bound by the system to the restricted field, whoever uploads them
        for qualification in self.sudo():
            unbound = qualification.scan_attachment_ids.filtered(
                lambda a, q=qualification: (a.res_model, a.res_id, a.res_field)
                != (q._name, q.id, "scan_attachment_ids")
            )
            unbound.write(
                {
                    "res_model": self._name,
                    "res_id": qualification.id,
                    "res_field": "scan_attachment_ids",
                }
            )
