from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

# Ids of the orders the running ``action_confirm`` is confirming. A context key
# could be sent by any RPC client; a context variable cannot.
_CONFIRMING_ORDER_IDS = ContextVar("sales_governance_confirming_order_ids", default=frozenset())

# Order fields that may still change while the contract is under review: they
# send, sign or re-open the quotation but do not change what was approved.
UNDER_REVIEW_FREE_FIELDS = ["state", "signature", "signed_by", "signed_on"]
# Order fields that make up the contract once it is confirmed.
CONFIRMED_LOCKED_FIELDS = ("payment_term_id",)


def _notify_review_text(env, order):
    """Group robot alert (sales_governance_base): a contract waits for its reviewers."""
    waiting = order.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
    return env._(
        "%(order)s for %(customer)s, %(amount)s, by %(user)s waits for review by %(reviewers)s. "
        "%(reasons)s"
    ), {
        "order": order.name,
        "customer": order.partner_id.commercial_partner_id.name,
        "amount": f"{order.amount_total:,.2f} {order.currency_id.name}",
        "user": order.user_id.name,
        "reviewers": format_list(env, [t for t in waiting.mapped("todo_by") if t]) or "-",
        "reasons": (order.special_reasons or "").replace("\n", "; "),
    }


class SaleOrder(models.Model):
    _name = "sale.order"
    # The workflow guard first: it sees a client's values before the validation engine does.
    _inherit = ["sales.workflow.mixin", "sale.order"]

    # === FIELDS === #
    clause_ids = fields.One2many(
        "sales.contract.clause", "order_id", string="Contract Clauses", copy=True
    )
    is_special_contract = fields.Boolean(
        string="Special Contract",
        compute="_compute_special_contract",
        store=True,
        help="Discount above the limit, price below the pricelist, payment term longer "
        "than the standard or modified or supplementary clauses: the contract needs a "
        "special review before it is sent or confirmed.",
    )
    special_reasons = fields.Text(
        string="Why Special",
        compute="_compute_special_reasons",
        help="What makes this contract special, one reason a line.",
    )
    max_granted_discount = fields.Float(
        string="Granted Discount (%)",
        compute="_compute_special_contract",
        store=True,
        digits="Discount",
        aggregator="max",
        help="Highest reduction on a line beyond what the pricelist gives.",
    )
    payment_term_days = fields.Integer(
        compute="_compute_special_contract",
        store=True,
        aggregator="max",
        help="Days until the last instalment is due under the payment term.",
    )
    has_long_payment_term = fields.Boolean(
        string="Long Payment Term",
        compute="_compute_special_contract",
        store=True,
    )
    has_special_clauses = fields.Boolean(
        string="Modified or Supplementary Clauses",
        compute="_compute_special_contract",
        store=True,
    )
    missing_contract_fields = fields.Char(
        compute="_compute_missing_contract_fields",
        help="Required contract fields left blank: the order can be neither sent for "
        "validation nor confirmed until they are filled.",
    )
    manager_reviewer_ids = fields.Many2many(
        "res.users",
        string="Sign-off By",
        compute="_compute_manager_reviewer_ids",
        help="Who signs off the contract for the sales department: the leader of the "
        "salesperson's sales team, or the sales directors when that leader sold or "
        "created the order or there is none.",
    )

    # === COMPUTES === #
    @api.depends(
        "order_line.product_id",
        "order_line.product_uom_id",
        "order_line.product_uom_qty",
        "order_line.price_unit",
        "order_line.discount",
        "order_line.display_type",
        "pricelist_id",
        "payment_term_id",
        "date_order",
        "clause_ids.clause_type",
        "company_id",
    )
    def _compute_special_contract(self):
        """A contract is special when one of these departs from the standard terms:

        - a line discount above the allowed maximum (company setting, overridden per
          product category),
        - a unit price below the pricelist price,
        - a payment term longer than the company's standard days,
        - a modified or supplementary clause.

        The settings are read when the order changes and again before it is sent,
        sent for validation or confirmed (``_refresh_special_contract``).
        """
        for order in self:
            findings = order._get_special_contract_findings()
            order.is_special_contract = bool(findings["reasons"])
            order.max_granted_discount = findings["granted"]
            order.payment_term_days = findings["payment_days"]
            order.has_long_payment_term = findings["long_payment"]
            order.has_special_clauses = findings["clauses"]

    @api.depends(
        "order_line.product_id",
        "order_line.price_unit",
        "order_line.discount",
        "payment_term_id",
        "clause_ids.clause_type",
    )
    def _compute_special_reasons(self):
        for order in self:
            order.special_reasons = "\n".join(order._get_special_contract_findings()["reasons"])

    def _compute_missing_contract_fields(self):
        rules = (
            # sudo: required-field rules are configuration, read for any user computing the order
            self.env["sales.contract.required.field"]
            .sudo()
            .search([("field_id.model", "=", self._name)])
        )
        for order in self:
            missing = rules._get_missing_fields(order)
            order.missing_contract_fields = format_list(
                self.env, missing.mapped("field_description")
            )

    def _get_invoiced(self):
        # Contract reviewers read the orders they review but not invoices; the
        # invoice count of the order form must not lock them out of it.
        if self.env.su or self.env["account.move.line"].has_access("read"):
            return super()._get_invoiced()
        # sudo: reviewers read the order but not invoices; the count must not lock them out
        return super(SaleOrder, self.sudo())._get_invoiced()

    @api.depends("user_id.sale_team_id.user_id", "create_uid", "company_id")
    def _compute_manager_reviewer_ids(self):
        # The leader of the salesperson's own team, not of ``team_id``: the rep
        # chooses the order's team, and so would choose their reviewer.
        directors = self.env["res.users"]._get_sales_directors()
        for order in self:
            excluded = order._get_tier_review_excluded_users()
            # sudo: the team of the salesperson may be one the user cannot read
            manager = order.user_id.sudo().sale_team_id.user_id
            if manager and manager not in excluded:
                order.manager_reviewer_ids = manager
            else:
                order.manager_reviewer_ids = directors.filtered(
                    lambda user, order=order, excluded=excluded: order.company_id
                    in user.company_ids
                    and user not in excluded
                    and not user.share
                )

    # === CRUD === #
    def write(self, vals):
        if vals.get("state") == "sale":
            self._check_confirmed_through_action()
        if vals.get("state") == "sent":
            self._check_special_contract_sendable()
        if not self.env.su and set(CONFIRMED_LOCKED_FIELDS) & vals.keys():
            confirmed = self.filtered(lambda order: order.state == "sale")
            if confirmed and not self.env.user.has_group("base.group_system"):
                raise UserError(
                    self.env._(
                        "The payment term of confirmed order %s is the one its reviewers approved.",
                        confirmed[:1].name,
                    )
                )
        return super().write(vals)

    # === ACTIONS === #
    def action_confirm(self):
        self._check_contract_complete()
        self._refresh_special_contract()
        self._check_contract_approved("confirm")
        token = _CONFIRMING_ORDER_IDS.set(_CONFIRMING_ORDER_IDS.get() | set(self.ids))
        try:
            return super().action_confirm()
        finally:
            _CONFIRMING_ORDER_IDS.reset(token)

    def action_quotation_send(self):
        self._check_special_contract_sendable()
        return super().action_quotation_send()

    def request_validation(self):
        without_salesperson = self.filtered(lambda o: not o.user_id)
        if without_salesperson:
            raise UserError(
                self.env._(
                    "Set the salesperson of %s before sending it for validation: the "
                    "sign-off goes to the leader of their team.",
                    without_salesperson[:1].name,
                )
            )
        self._check_contract_complete()
        self._refresh_special_contract()
        reviews = super().request_validation()
        self.env["sales.notify.message"]._enqueue("contract_review", self, _notify_review_text)
        return reviews

    # === TIER VALIDATION HOOKS === #
    def evaluate_tier(self, tier):
        """Apply the amount and discount thresholds of a tier on top of its domain."""
        orders = super().evaluate_tier(tier)
        if not (tier.amount_threshold or tier.discount_threshold):
            return orders
        return orders.filtered(
            lambda order: (
                tier.amount_threshold
                and order.currency_id._convert(
                    order.amount_total,
                    order.company_id.currency_id,
                    order.company_id,
                    fields.Date.to_date(order.date_order) or fields.Date.today(),
                )
                >= tier.amount_threshold
            )
            or (tier.discount_threshold and order.max_granted_discount >= tier.discount_threshold)
        )

    def _check_state_conditions(self, vals):
        # Data files confirm without review; so does server code writing ``state``
        # as superuser outside ``action_confirm`` (which checks the reviews itself).
        if self._is_contract_gate_exempt() or (
            self.env.su and self.id not in _CONFIRMING_ORDER_IDS.get()
        ):
            return False
        return super()._check_state_conditions(vals)

    def _get_under_validation_exceptions(self):
        return super()._get_under_validation_exceptions() + UNDER_REVIEW_FREE_FIELDS

    def _get_tier_review_excluded_users(self):
        """Nobody reviews their own order: neither its salesperson nor its creator."""
        # sudo: the creator may be a user the reader cannot read
        return self.user_id | self.sudo().create_uid

    # === BUSINESS METHODS === #
    def _is_contract_gate_exempt(self):
        """Only data files, loaded while the registry is not ready yet, skip the
        contract gates. Everybody else goes through them: people whatever their
        groups, ``sudo()`` (portal, payments) and scheduled actions run as OdooBot.
        (No context key: any RPC client may send one.)"""
        return not self.env.registry.ready

    def _get_workflow_fields(self):
        """Fields of the validation engine: only the engine (superuser) writes them. The
        order's state has its own gates (confirmation, sending), as stock actions write it."""
        return set(self.env["tier.validation"]._fields) - set(self.env["base"]._fields)

    def _get_unapproved_tiers(self):
        """The tiers that apply to the order as it is now and that no approved review of the
        order answers (a term made longer after the manager's approval needs finance)."""
        self.ensure_one()
        # sudo: the order's reviews and tier definitions are closed to direct reads
        order = self.sudo()
        tiers = self.env["tier.definition"].sudo().search([("model", "=", self._name)])
        needed = tiers.filtered(lambda tier: order.evaluate_tier(tier))
        approved = order.review_ids.filtered(lambda r: r.status == "approved").definition_id
        return needed - approved

    def _is_contract_approved(self):
        """Whether every review of the order exists and is approved, read from the
        reviews themselves rather than from a stored status."""
        self.ensure_one()
        # sudo: reviewers read the order's tier reviews, closed to direct reads
        reviews = self.sudo().review_ids
        return bool(reviews) and all(r.status in self._validated_states() for r in reviews)

    def _refresh_special_contract(self):
        """Re-read the settings the special-contract flags depend on."""
        self.env.add_to_compute(self._fields["is_special_contract"], self)

    def _get_special_contract_findings(self):
        """Why the order is special, as flags, figures and readable reasons."""
        self.ensure_one()
        findings = {
            "reasons": [],
            "granted": 0.0,
            "payment_days": 0,
            "long_payment": False,
            "clauses": False,
        }
        for line in self.order_line:
            line_findings = line._get_contract_findings()
            findings["reasons"] += line_findings["reasons"]
            findings["granted"] = max(findings["granted"], line_findings["granted"])
        company = self.company_id or self.env.company
        if self.payment_term_id:
            date_ref = fields.Date.to_date(self.date_order) or fields.Date.context_today(self)
            days = self.payment_term_id._get_longest_term_days(date_ref)
            findings["payment_days"] = days
            if days > company.contract_standard_payment_days:
                findings["long_payment"] = True
                findings["reasons"].append(
                    self.env._(
                        "Payment term %(term)s: %(days)s days, longer than the standard "
                        "%(standard)s days",
                        term=self.payment_term_id.display_name,
                        days=days,
                        standard=company.contract_standard_payment_days,
                    )
                )
        for clause in self.clause_ids.filtered(
            lambda c: c.clause_type in ("modified", "supplementary")
        ):
            findings["clauses"] = True
            findings["reasons"].append(
                self.env._(
                    "%(type)s clause: %(clause)s",
                    type=dict(clause._fields["clause_type"]._description_selection(self.env))[
                        clause.clause_type
                    ],
                    clause=clause.name,
                )
            )
        return findings

    def _check_confirmed_through_action(self):
        """Refuse setting ``state`` to sale other than through ``action_confirm``."""
        if self.env.su:
            return
        if set(self.ids) - _CONFIRMING_ORDER_IDS.get():
            raise UserError(
                self.env._(
                    "Orders are confirmed with the Confirm button, which checks the "
                    "contract review."
                )
            )

    def _check_contract_complete(self):
        """Refuse orders with blank required contract fields."""
        if self._is_contract_gate_exempt():
            return
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            if order.missing_contract_fields:
                raise UserError(
                    self.env._(
                        "Fill in the blank contract fields of %(order)s first: %(fields)s",
                        order=order.name,
                        fields=order.missing_contract_fields,
                    )
                )

    def _check_special_contract_sendable(self):
        """Refuse sending or printing special quotations nobody has approved yet."""
        if self._is_contract_gate_exempt():
            return
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        quotations._refresh_special_contract()
        quotations._check_contract_approved("send")

    def _check_contract_approved(self, action):
        """The one refusal of an unreviewed contract: confirming (``action`` "confirm") needs
        every tier the order needs now, as it is, not as it was reviewed; sending it to the
        customer ("send") needs a special contract's review."""
        for order in self.filtered(lambda o: not o._is_contract_gate_exempt()):
            missing = order._get_unapproved_tiers() if action == "confirm" else []
            if not missing and (not order.is_special_contract or order._is_contract_approved()):
                continue
            if action == "send":
                raise UserError(
                    self.env._(
                        "Special contract %(order)s can be sent to the customer only after "
                        "its review:\n%(reasons)s",
                        order=order.name,
                        reasons=order.special_reasons,
                    )
                )
            raise ValidationError(
                self.env._(
                    "Contract %(order)s needs the approval of %(tiers)s before it is "
                    "confirmed.\n%(reasons)s",
                    order=order.name,
                    tiers=format_list(self.env, missing.mapped("name"))
                    or self.env._("its reviewers"),
                    reasons=order.special_reasons or "",
                )
            )

    def _check_clauses_editable(self):
        """The clauses of a confirmed or cancelled order are those that were signed."""
        if self.env.su or self.env.user.has_group("base.group_system"):
            return
        closed = self.filtered(lambda o: o.state not in ("draft", "sent"))
        if closed:
            raise UserError(
                self.env._(
                    "The clauses of order %s can no longer change: it is confirmed or cancelled.",
                    closed[:1].name,
                )
            )

    def _get_tier_message(self, key):
        self.ensure_one()
        if key == "excluded":
            return self.env._("You cannot review your own order %s.", self.name)
        return self.env._("Order %s has no review waiting for you.", self.name)

    def _on_contract_changed(self):
        """Lines or clauses changed: the reviews of open quotations no longer hold."""
        # sudo: the order's reviews are closed to direct reads
        to_restart = self.filtered(lambda o: o.state in self._state_from and o.sudo().review_ids)
        for order in to_restart:
            # sudo: the restart is logged also by a user who may not post on the order
            order.sudo().message_post(
                body=self.env._("The contract changed after it was sent for review.")
            )
        to_restart.restart_validation()
