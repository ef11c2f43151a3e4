from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..const import OWNED_STATES


def _notify_text(env, request):
    """Group robot alert (sales_governance_base): an access request waits for the owner."""
    return env._("%(requester)s asks for access to %(customer)s (owner %(owner)s): %(reason)s"), {
        "requester": request.requester_id.name,
        "customer": request.partner_id._sudo_ownership().name,
        "owner": request.owner_id.name or "-",
        "reason": request.reason,
    }


class SalesCustomerAccessRequest(models.Model):
    """A representative asks the owner of a protected customer to work on it."""

    _name = "sales.customer.access.request"
    _description = "Customer Access Request"
    _inherit = ["sales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"
    # The customer asked for is not readable yet; the request copies nothing of it.
    _customer_reference_fields = ("partner_id",)

    # === FIELDS === #
    directory_id = fields.Many2one(
        "sales.customer.directory",
        string="Find Customer",
        help="Type part of the customer's name: you see its name, owner and since when.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        domain=[("ownership_state", "in", OWNED_STATES), ("parent_id", "=", False)],
    )
    owner_id = fields.Many2one("res.users", compute="_compute_owner_id", store=True, readonly=True)
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        index=True,
    )
    request_type = fields.Selection(
        [("collaborate", "Collaborate"), ("transfer", "Transfer Ownership")],
        default="collaborate",
        required=True,
        help="Collaborate: work on the customer beside its owner until the expiry date.\n"
        "Transfer: become the owner.",
    )
    reason = fields.Text(required=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("expired", "Expired"),
        ],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    expiry_date = fields.Date(
        default=lambda self: fields.Date.context_today(self)
        + timedelta(days=self.env.company.access_request_days or 30)
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decision_date = fields.Datetime(readonly=True)

    # === COMPUTES === #
    @api.depends("directory_id")
    def _compute_partner_id(self):
        # A directory entry is the customer itself (same id), which the requester cannot read.
        for request in self.filtered("directory_id"):
            request.partner_id = self.env["res.partner"].browse(request.directory_id.id)

    @api.depends("partner_id")
    def _compute_display_name(self):
        # The requester may not read the customer yet: its name, read with its ownership.
        for request in self:
            request.display_name = request.partner_id._sudo_ownership().name or ""

    @api.depends("partner_id")
    def _compute_owner_id(self):
        for request in self:
            # The requester may not read the customer: its owner column only.
            request.owner_id = request.partner_id._sudo_ownership().user_id

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "requester_id",
            "owner_id",
            "decided_by_id",
            "decision_date",
        }

    def _get_workflow_locked(self):
        # What is asked (customer, kind, until when) is fixed once asked; the reason may be
        # completed until the request is decided.
        return self

    def _get_workflow_lock_exceptions(self):
        exceptions = super()._get_workflow_lock_exceptions()
        if all(request.state == "pending" for request in self):
            exceptions.add("reason")
        return exceptions

    def _get_workflow_lock_message(self):
        if self.state == "pending":
            return self.env._("Make a new request to ask for another customer, kind or date.")
        return super()._get_workflow_lock_message()

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        for request in requests:
            if request.expiry_date and request.expiry_date < fields.Date.context_today(self):
                raise UserError(self.env._("The expiry date of an access request cannot be past."))
            customer = request.partner_id._sudo_ownership()
            if request.owner_id == request.requester_id:
                raise UserError(self.env._("You already own %s.", customer.name))
            if customer.ownership_state not in OWNED_STATES:
                raise UserError(
                    self.env._(
                        "%s is not protected: claim it from the pool instead.", customer.name
                    )
                )
            if request.owner_id:
                # sudo: the owner is told, whatever the requester may do on the request
                request.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=request.owner_id.id,
                    summary=self.env._("Access request from %s", request.requester_id.name),
                )
        self.env["sales.notify.message"]._enqueue("access_request", requests, _notify_text)
        return requests

    # === ACTIONS === #
    def action_approve(self):
        for request in self:
            request._check_decider()
            # sudo: ownership and sharing are written only by the system; decider checked above
            partner = request.partner_id.sudo()
            if request.request_type == "transfer":
                request.requester_id._check_can_take_customers(partner)
                partner._lock_for_ownership_change()
                partner._change_ownership(
                    "transfer",
                    self.env._("Access request approved by %s", self.env.user.name),
                    owner=request.requester_id,
                )
            else:
                partner.write({"shared_user_ids": [fields.Command.link(request.requester_id.id)]})
            # sudo: state and decider are workflow fields, closed to client writes
            request.sudo().write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.uid,
                    "decision_date": fields.Datetime.now(),
                }
            )
            # sudo: the request's activity belongs to the owner, not to the decider
            request.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reject(self):
        for request in self:
            request._check_decider()
            # sudo: state and decider are workflow fields, closed to client writes
            request.sudo().write(
                {
                    "state": "rejected",
                    "decided_by_id": self.env.uid,
                    "decision_date": fields.Datetime.now(),
                }
            )
            # sudo: the request's activity belongs to the owner, not to the decider
            request.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    # === BUSINESS METHODS === #
    def _check_decider(self):
        """The owner, the owner's manager or a director decides; never the requester."""
        self.ensure_one()
        if self.state != "pending":
            raise UserError(self.env._("This request was already decided."))
        user = self.env.user
        if user == self.requester_id and not self.env.su:
            raise AccessError(self.env._("You cannot decide on your own request."))
        partner = self.partner_id._sudo_ownership()
        if not (self.env.su or user == partner.user_id or partner._is_ownership_manager(user)):
            raise AccessError(
                self.env._(
                    "Only %(owner)s, their manager or a director can decide on access to %(customer)s.",
                    owner=partner.user_id.name,
                    customer=partner.name,
                )
            )

    @api.model
    def _cron_expire(self):
        """Expired collaborations end: one UPDATE, then the shares are removed."""
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                UPDATE sales_customer_access_request SET state = 'expired'
                 WHERE state = 'approved' AND request_type = 'collaborate' AND expiry_date < %s
             RETURNING id, partner_id, requester_id
                """,
                today,
            )
        )
        rows = self.env.cr.fetchall()
        pairs = [(partner_id, requester_id) for _id, partner_id, requester_id in rows]
        if rows:
            # The UPDATE bypasses tracking: each request's chatter says it, in one batch.
            expired = self.browse([row[0] for row in rows])
            body = self.env._("Collaboration expired: access withdrawn.")
            expired._message_log_batch(bodies=dict.fromkeys(expired.ids, body))
        if pairs:
            self.env.cr.execute(
                SQL(
                    """
                    DELETE FROM res_partner_shared_user_rel rel
                     USING res_partner p
                     WHERE rel.partner_id = p.id
                       AND (p.commercial_partner_id, rel.user_id) IN %s
                    """,
                    tuple(pairs),
                )
            )
            self.invalidate_model(["state"])
            self.env["res.partner"].invalidate_model(["shared_user_ids"])
