from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .sales_qualification import GROUP_CUSTODIAN, GROUP_MANAGER

ACTIVITY_APPROVAL = "sales_qualification.mail_activity_type_borrow_approval"
ACTIVITY_HANDOVER = "sales_qualification.mail_activity_type_borrow_handover"
ACTIVITY_OVERDUE = "sales_qualification.mail_activity_type_borrow_overdue"


def _notify_request_text(env, borrow):
    """Group robot alert (sales_governance_base): a borrow request waits for approval."""
    return env._(
        "%(borrower)s asks to borrow %(certificate)s (%(kind)s) from %(start)s to %(end)s: "
        "%(purpose)s"
    ), {
        "borrower": borrow.borrower_id.name,
        "certificate": borrow.qualification_id.name,
        "kind": dict(borrow._fields["borrow_type"]._description_selection(env))[borrow.borrow_type],
        "start": borrow.date_from,
        "end": borrow.expected_return_date,
        "purpose": borrow.purpose,
    }


class SalesQualificationBorrow(models.Model):
    """A request to borrow a certificate, and the log of its hand-over and return.

    Only the buttons write the state and what they record (``sales.workflow.mixin``); once
    requested, the record is the log and cannot change. The daily reminder of late returns is
    in ``sales_qualification_borrow_overdue.py``.
    """

    _name = "sales.qualification.borrow"
    _description = "Qualification Borrow Record"
    _inherit = ["sales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # The guarantee behind "one original out at a time", even for two simultaneous check-outs.
    _one_original_out = models.UniqueIndex(
        "(qualification_id) WHERE state = 'borrowed' AND borrow_type = 'original'",
        "This original certificate is already out with another borrower.",
    )

    # === FIELDS === #
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    qualification_id = fields.Many2one(
        "sales.qualification",
        string="Certificate",
        required=True,
        index=True,
        tracking=True,
        # No check_company: the record's company is derived from the certificate, so on a new
        # request it is still empty and the company domain would offer no certificate at all.
        # The company record rule limits the choice to the user's companies.
        ondelete="restrict",
        domain="[('state', '=', 'valid')]",
    )
    type_id = fields.Many2one(
        related="qualification_id.type_id", string="Qualification Type", store=True
    )
    custodian_id = fields.Many2one(related="qualification_id.custodian_id")
    company_id = fields.Many2one(related="qualification_id.company_id", store=True, index=True)
    borrower_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    purpose = fields.Text(required=True)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", index="btree_not_null", ondelete="set null"
    )
    order_id = fields.Many2one(
        "sale.order", string="Sales Order", index="btree_not_null", ondelete="set null"
    )
    borrow_type = fields.Selection(
        [("original", "Original"), ("copy", "Certified Copy"), ("scan", "Scan")],
        required=True,
        default="copy",
        tracking=True,
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    expected_return_date = fields.Date(required=True, tracking=True)
    actual_return_date = fields.Date(readonly=True, tracking=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("borrowed", "Borrowed"),
            ("returned", "Returned"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    overdue_days = fields.Integer(compute="_compute_is_overdue")
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    approval_date = fields.Datetime(readonly=True, copy=False)
    checkout_user_id = fields.Many2one(
        "res.users", string="Handed Over By", readonly=True, copy=False
    )
    checkout_date = fields.Datetime(string="Handed Over On", readonly=True, copy=False)
    return_user_id = fields.Many2one("res.users", string="Received By", readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)
    last_reminder_date = fields.Date(readonly=True, copy=False)

    # === COMPUTES === #
    @api.depends("state", "expected_return_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for borrow in self:
            late = (
                borrow.state == "borrowed"
                and borrow.expected_return_date
                and borrow.expected_return_date < today
            )
            borrow.is_overdue = bool(late)
            borrow.overdue_days = (today - borrow.expected_return_date).days if late else 0

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        overdue = [("state", "=", "borrowed"), ("expected_return_date", "<", today)]
        if True in value and False in value:
            return Domain.TRUE
        if True in value:
            return overdue
        return ["|", ("state", "!=", "borrowed"), ("expected_return_date", ">=", today)]

    # === CONSTRAINTS === #
    @api.constrains("date_from", "expected_return_date", "actual_return_date")
    def _check_dates(self):
        for borrow in self:
            max_days = self._get_max_borrow_days(borrow.company_id or None)
            if borrow.expected_return_date < borrow.date_from:
                raise ValidationError(
                    self.env._("The expected return date cannot be before the borrow date.")
                )
            if borrow.actual_return_date and borrow.actual_return_date < borrow.date_from:
                raise ValidationError(
                    self.env._("A certificate cannot be returned before it was borrowed.")
                )
            days = (borrow.expected_return_date - borrow.date_from).days
            if max_days and days > max_days and borrow.state in ("draft", "requested"):
                raise ValidationError(
                    self.env._(
                        "A certificate may be borrowed for %(max)s days at most (%(days)s asked).",
                        max=max_days,
                        days=days,
                    )
                )

    @api.model
    def _get_max_borrow_days(self, company=None):
        # sudo: a company setting every borrower is held to
        return (company or self.env.company).sudo().qualification_max_borrow_days

    # === WORKFLOW GUARD (sales.workflow.mixin) === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "name",
            "approver_id",
            "approval_date",
            "checkout_user_id",
            "checkout_date",
            "return_user_id",
            "actual_return_date",
            "reject_reason",
            "last_reminder_date",
        }

    def _get_workflow_locked(self):
        return self.filtered(lambda b: b.state != "draft")

    def _get_workflow_lock_message(self):
        self.ensure_one()
        return self.env._(
            "Borrow record %(name)s is %(state)s: the log can no longer be changed or deleted "
            "(cancel a request instead).",
            name=self.name,
            state=self._state_label(),
        )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_borrower(vals.get("borrower_id", self.env.uid))
        borrows = super().create(vals_list)
        # sudo: the borrow's number comes from a sequence users do not read
        sequence = self.env["ir.sequence"].sudo()
        for borrow in borrows.filtered(lambda b: b.name == "/"):
            borrow.sudo().name = sequence.next_by_code("sales.qualification.borrow") or "/"
        return borrows

    def write(self, vals):
        if not self.env.su and "borrower_id" in vals:
            self._check_borrower(vals["borrower_id"])
        return super().write(vals)

    @api.model
    def _check_borrower(self, borrower_id):
        """A user borrows in their own name; a custodian may record it for anyone."""
        if borrower_id != self.env.uid and not self.env.user.has_group(GROUP_CUSTODIAN):
            raise AccessError(self.env._("You can only borrow in your own name."))

    # === ACTIONS === #
    def _check_group(self, group_xmlid):
        self.env["sales.qualification"]._check_group(group_xmlid)

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_state(self, states):
        for borrow in self:
            if borrow.state not in states:
                raise UserError(
                    self.env._(
                        "Borrow record %(name)s is %(state)s: this is not possible now.",
                        name=borrow.name,
                        state=borrow._state_label(),
                    )
                )

    def _check_borrowable(self):
        """Only a valid, unexpired certificate can be lent."""
        today = fields.Date.context_today(self)
        for borrow in self:
            # sudo: the certificate's state decides, whatever the borrower may read of it
            qualification = borrow.qualification_id.sudo()
            if qualification.state != "valid" or qualification.expiry_date <= today:
                state = qualification._state_label()
                if qualification.state == "valid":
                    state = self.env._("Expired")
                raise UserError(
                    self.env._(
                        "Certificate %(name)s is %(state)s and cannot be borrowed.",
                        name=qualification.name,
                        state=state,
                    )
                )

    def action_request(self):
        """Send the request to the qualification manager."""
        is_custodian = self.env.user.has_group(GROUP_CUSTODIAN)
        for borrow in self:
            if not is_custodian and borrow.borrower_id != self.env.user:
                raise AccessError(self.env._("Only the borrower may send this request."))
        self._submit_request()
        return True

    def _submit_request(self):
        self._check_state(("draft",))
        self._check_borrowable()
        # sudo: the state is a workflow field, moved by this button only
        self.sudo().write({"state": "requested"})
        self.env["sales.notify.message"]._enqueue("borrow_request", self, _notify_request_text)
        self._check_dates()
        for borrow in self:
            manager = borrow.qualification_id.manager_id
            if manager:
                # sudo: activities of other people (approver, custodian, borrower)
                borrow.sudo().activity_schedule(
                    ACTIVITY_APPROVAL,
                    summary=borrow.qualification_id._lang_env(manager)._(
                        "Approve borrowing of %s", borrow.qualification_id.name
                    ),
                    user_id=manager.id,
                )

    def action_approve(self, comment=None):
        self._check_group(GROUP_MANAGER)
        self._check_state(("requested",))
        self._check_borrowable()
        # sudo: the state is a workflow field, moved after the check above
        self.sudo().write(
            {
                "state": "approved",
                "approver_id": self.env.uid,
                "approval_date": fields.Datetime.now(),
            }
        )
        for borrow in self:
            # sudo: activities of other people (approver, custodian, borrower)
            borrow.sudo().activity_unlink([ACTIVITY_APPROVAL])
            if comment:
                borrow.message_post(body=comment)
            custodian = borrow.qualification_id.custodian_id
            # sudo: activities of other people (approver, custodian, borrower)
            borrow.sudo().activity_schedule(
                ACTIVITY_HANDOVER,
                date_deadline=max(borrow.date_from, fields.Date.context_today(self)),
                summary=borrow.qualification_id._lang_env(custodian)._(
                    "Hand %(name)s over to %(borrower)s",
                    name=borrow.qualification_id.name,
                    borrower=borrow.borrower_id.name,
                ),
                user_id=custodian.id,
            )
        return True

    def action_reject(self, comment=None):
        self._check_group(GROUP_MANAGER)
        if not (comment or "").strip():
            raise UserError(self.env._("Say why the borrow request is rejected."))
        self._check_state(("requested", "approved"))
        # sudo: the state is a workflow field, moved after the manager check above
        self.sudo().write({"state": "rejected", "reject_reason": comment})
        for borrow in self:
            borrow.sudo().activity_unlink([ACTIVITY_APPROVAL, ACTIVITY_HANDOVER])
            borrow.message_post(
                body=self.env._("Request rejected: %s", comment),
                partner_ids=borrow.borrower_id.partner_id.ids,
            )
        return True

    def action_checkout(self):
        """The custodian hands the certificate over; an original goes to one borrower at a time."""
        self._check_group(GROUP_CUSTODIAN)
        self._check_state(("approved",))
        self._check_borrowable()
        originals = self.filtered(lambda b: b.borrow_type == "original")
        if originals:
            # Serialise concurrent check-outs on the certificate's row. An UPDATE rather than
            # a bare SELECT FOR UPDATE: under Odoo's REPEATABLE READ the second transaction
            # then fails to serialise and is retried, and the retry sees the first check-out.
            # The unique index _one_original_out stays the last line of defence.
            self.env.cr.execute(
                SQL(
                    "UPDATE sales_qualification SET write_date = write_date WHERE id IN %s",
                    tuple(originals.qualification_id.ids),
                )
            )
            if len(originals.qualification_id) < len(originals):
                raise UserError(self.env._("One original can be handed to one borrower only."))
            # sudo: an original lent to anybody counts, whoever may read that borrow
            out = self.sudo().search(
                [
                    ("qualification_id", "in", originals.qualification_id.ids),
                    ("state", "=", "borrowed"),
                    ("borrow_type", "=", "original"),
                ]
            )
            if out:
                raise UserError(
                    self.env._(
                        "The original of %(name)s is out with %(borrower)s (%(ref)s) until "
                        "it is returned.",
                        name=out[0].qualification_id.name,
                        borrower=out[0].borrower_id.name,
                        ref=out[0].name,
                    )
                )
        # sudo: the state is a workflow field, moved after the check above
        self.sudo().write(
            {
                "state": "borrowed",
                "checkout_user_id": self.env.uid,
                "checkout_date": fields.Datetime.now(),
            }
        )
        # sudo: activities of other people (approver, custodian, borrower)
        self.sudo().activity_unlink([ACTIVITY_HANDOVER])
        return True

    def action_return(self, return_date=None):
        """The custodian takes the certificate back."""
        self._check_group(GROUP_CUSTODIAN)
        self._check_state(("borrowed",))
        today = fields.Date.context_today(self)
        # sudo: the state is a workflow field, moved after the custodian check above
        for borrow in self.sudo():
            # Today by the custodian's clock may still be the day before the borrower's (users
            # in different time zones): taken back today is never before it was borrowed.
            borrow.write(
                {
                    "state": "returned",
                    "return_user_id": self.env.uid,
                    "actual_return_date": return_date or max(today, borrow.date_from),
                }
            )
        # sudo: activities of other people (approver, custodian, borrower)
        self.sudo().activity_unlink([ACTIVITY_OVERDUE])
        return True

    def action_cancel(self):
        is_custodian = self.env.user.has_group(GROUP_CUSTODIAN)
        for borrow in self:
            if not is_custodian and borrow.borrower_id != self.env.user:
                raise AccessError(self.env._("Only the borrower may cancel this request."))
        self._check_state(("draft", "requested", "approved"))
        # sudo: the state is a workflow field, moved after the borrower check above
        self.sudo().write({"state": "cancelled"})
        self.sudo().activity_unlink([ACTIVITY_APPROVAL, ACTIVITY_HANDOVER])
        return True

    def action_open_reject_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Borrow Request"),
            "res_model": "sales.qualification.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_borrow_id": self.id, "default_decision": "reject"},
        }
