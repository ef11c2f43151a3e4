from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import OWNED_STATES


class SalesCustomerRegistration(models.Model):
    """报备: a representative reports a customer; the first reporter owns it."""

    _name = "sales.customer.registration"
    _description = "Customer Registration"
    _inherit = ["sales.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    # === FIELDS === #
    name = fields.Char(string="Company Name", required=True, tracking=True)
    vat = fields.Char(string="Unified Social Credit Code")
    phone = fields.Char()
    email = fields.Char()
    city = fields.Char()
    country_id = fields.Many2one("res.country", default=lambda self: self.env.ref("base.cn", False))
    contact_name = fields.Char(string="Contact Person")
    contact_phone = fields.Char()
    customer_nature = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["customer_nature"].selection
    )
    note = fields.Text(string="Project Information")
    user_id = fields.Many2one(
        "res.users",
        string="Reported By",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True, readonly=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("registered", "Registered"),
            ("duplicate", "Duplicate"),
            ("pending", "Pending Manager Decision"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    submit_date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True)
    match_info = fields.Text(
        string="Duplicate Check Result",
        readonly=True,
        help="What the duplicate check found: only names, owners and dates.",
    )
    match_partner_ids = fields.Many2many(
        "res.partner", string="Similar Customers", readonly=True, copy=False
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)

    # === CONSTRAINTS === #
    @api.constrains("vat", "country_id")
    def _check_vat(self):
        Check = self.env["sales.duplicate.check"]
        for registration in self:
            if registration.country_id.code in ("CN", False):
                Check._check_uscc(registration.vat, registration.name)

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        # The reporter, and the outcome of the duplicate check and the manager's decision.
        return super()._get_workflow_fields() | {
            "user_id",
            "submit_date",
            "partner_id",
            "match_info",
            "match_partner_ids",
            "decided_by_id",
            "company_id",
        }

    def _get_workflow_locked(self):
        return self.filtered(lambda registration: registration.state != "draft")

    # === ACTIONS === #
    def action_submit(self):
        """Run the duplicate check and register, block, or send to the manager."""
        for registration in self:
            if registration.state != "draft":
                raise UserError(self.env._("This registration was already submitted."))
            if registration.user_id != self.env.user and not self.env.su:
                raise AccessError(self.env._("Only the representative who reports may submit."))
            registration._submit()
        return True

    def action_approve(self):
        """The manager decides a similar name is another customer: register it."""
        for registration in self:
            registration._check_decider()
            # sudo: the customer is created and owned by the system; decider checked above
            registration.sudo()._register_customer(decided=True)
        return True

    def action_reject(self):
        """The manager decides it is the same customer as an existing one."""
        for registration in self:
            registration._check_decider()
            # sudo: state and decider are workflow fields, closed to client writes
            registration.sudo().write({"state": "duplicate", "decided_by_id": self.env.uid})
        return True

    def action_request_access(self):
        """申请协作: ask the owner of the customer the registration was refused for."""
        self.ensure_one()
        # sudo: the matched customer is another rep's: the requester cannot read it, to name it
        # (active_test off: filtering the archived would read every column of the customer).
        matches = self.sudo().with_context(active_test=False).match_partner_ids
        if self.state != "duplicate" or not matches:
            raise UserError(self.env._("Only a refused registration names a customer to ask for."))
        customer = matches[:1]._sudo_ownership()
        return customer.action_request_access(
            reason=self.env._(
                "Registration %(name)s was refused as a duplicate of %(customer)s.",
                name=self.name,
                customer=customer.name,
            )
        )

    # === BUSINESS METHODS === #
    def _submit(self):
        self.ensure_one()
        Check = self.env["sales.duplicate.check"]
        matches = Check._find_duplicates(self.name, self.vat, self.phone, self.email, self.city)
        # Other reps' customers: their owner, state and name only.
        self.env["res.partner"].browse([p.id for p, _kind in matches])._sudo_ownership()
        # sudo: the lookup log is written by the system for any user, closed to them
        self.env["sales.customer.lookup.log"].sudo().create(
            {
                "user_id": self.env.uid,
                "query": " / ".join(filter(None, [self.name, self.vat, self.phone, self.email])),
                "match_count": len(matches),
                "result": ", ".join(f"{p.name} ({kind})" for p, kind in matches)[:250] or False,
            }
        )
        blocking = [
            (p, kind)
            for p, kind in matches
            if kind != "similar" and p.ownership_state in OWNED_STATES
        ]
        similar = [
            p for p, kind in matches if kind == "similar" and p.ownership_state in OWNED_STATES
        ]
        vals = {"submit_date": fields.Datetime.now()}
        if blocking:
            partner, kind = blocking[0]
            vals.update(
                state="duplicate",
                match_info=Check._duplicate_message(partner, kind),
                match_partner_ids=[fields.Command.set(partner.ids)],
            )
            # sudo: state and matches are workflow fields, closed to client writes
            self.sudo().write(vals)
            return
        if similar:
            vals.update(
                state="pending",
                match_partner_ids=[fields.Command.set([p.id for p in similar])],
                match_info="\n".join(
                    self.env._(
                        "%(customer)s, owned by %(owner)s since %(date)s",
                        customer=p.name,
                        owner=p.user_id.name or "-",
                        date=fields.Date.to_string(fields.Datetime.to_datetime(p.ownership_date))
                        or "-",
                    )
                    for p in similar
                ),
            )
            # sudo: state and matches are workflow fields, closed to client writes
            self.sudo().write(vals)
            self._notify_manager()
            return
        # An unowned archive entry with the same key is claimed rather than created twice.
        existing = next((p for p, kind in matches if kind in ("vat", "name")), None)
        # sudo: the state is a workflow field; the customer is created and owned by the system
        self.sudo().write(vals)
        self.sudo()._register_customer(partner=existing)

    def _register_customer(self, partner=None, decided=False):
        """Create (or claim) the customer for the reporter, and log it."""
        self.ensure_one()
        user = self.user_id
        user._check_can_take_customers(partner or self.env["res.partner"])
        Partner = self.env["res.partner"]
        if partner:
            partner._lock_for_ownership_change()
            if partner.ownership_state in OWNED_STATES:
                raise UserError(
                    self.env["sales.duplicate.check"]._duplicate_message(partner, "name")
                )
        else:
            # sudo: customers are created and owned only through a registration, closed to reps
            partner = Partner.sudo().create(self._prepare_partner_vals())
        partner.sudo()._change_ownership(
            "register", self.env._("Registration %s", self.name), owner=user
        )
        self.write(
            {
                "state": "registered",
                "partner_id": partner.id,
                "decided_by_id": self.env.uid if decided else False,
            }
        )

    def _prepare_partner_vals(self):
        self.ensure_one()
        vals = {
            "name": self.name,
            "is_company": True,
            "vat": self.vat,
            "phone": self.phone,
            "email": self.email,
            "city": self.city,
            "country_id": self.country_id.id,
            "customer_nature": self.customer_nature,
            "company_id": False,
            "comment": self.note,
        }
        if self.contact_name:
            vals["child_ids"] = [
                fields.Command.create(
                    {"name": self.contact_name, "phone": self.contact_phone, "type": "contact"}
                )
            ]
        return vals

    def _check_decider(self):
        self.ensure_one()
        if self.state != "pending":
            raise UserError(self.env._("Only registrations pending a decision can be decided."))
        user = self.env.user
        if not (self.env.su or user._is_sales_leader_of(self.user_id)):
            raise AccessError(
                self.env._("Only the manager of %s or a director decides.", self.user_id.name)
            )
        if user == self.user_id and not user._is_sales_director():
            raise AccessError(self.env._("You cannot decide on your own registration."))

    def _notify_manager(self):
        # sudo: the rep's managers are told, whatever the rep may read of users and teams
        for manager in self.user_id.sudo().sales_manager_ids:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Similar customer: decide on this registration"),
            )
