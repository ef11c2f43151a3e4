from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

# Satisfaction scores that open a complaint on their own (1 very unhappy ... 5 very happy).
COMPLAINT_SCORES = {1: "high", 2: "medium"}


class SalesRevisit(models.Model):
    """回访: the owner calls the customer back after delivery and records satisfaction."""

    _name = "sales.revisit"
    _description = "Customer Revisit"
    _inherit = [
        "sales.measured.mixin",
        "sales.customer.guard.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "scheduled_date desc, id desc"
    # A revisit measures its representative: planning one does not renew their protection.
    _customer_guard_maintains = False

    # === FIELDS === #
    # Said in the reader's language (the type's label), hence not stored.
    name = fields.Char(compute="_compute_name", search="_search_name")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        # The picker offers the customers the user may work on.
        domain=[("is_workable_customer", "=", True)],
    )
    order_id = fields.Many2one(
        "sale.order", string="Sales Order", index="btree_not_null", ondelete="set null"
    )
    # No default: the planner (the system or the manager) names the representative.
    user_id = fields.Many2one(
        "res.users",
        string="Representative",
        required=True,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True, index=True
    )
    revisit_type = fields.Selection(
        [("30", "30 Days"), ("90", "90 Days"), ("other", "Other")],
        string="Type",
        default="other",
        required=True,
    )
    offset_days = fields.Integer(
        string="Days After Delivery", readonly=True, help="Set when planned from a delivery."
    )
    scheduled_date = fields.Date(
        string="Due Date", default=fields.Date.context_today, required=True, index=True
    )
    done_date = fields.Date(readonly=True, copy=False, index=True)
    satisfaction = fields.Integer(
        aggregator="avg", copy=False, help="1 very unhappy ... 5 very happy."
    )
    feedback = fields.Text(string="Customer Feedback", copy=False)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    complaint_id = fields.Many2one("sales.complaint", readonly=True, copy=False)
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")

    # === CONSTRAINTS === #
    # Planning from deliveries runs once per order and offset, even in two workers at once.
    _order_offset_uniq = models.UniqueIndex(
        "(order_id, offset_days) WHERE order_id IS NOT NULL AND offset_days > 0",
        "This order's revisits are already planned.",
    )

    @api.constrains("partner_id")
    def _check_partner_is_customer(self):
        self.partner_id._check_is_customer()

    @api.constrains("satisfaction")
    def _check_satisfaction(self):
        for revisit in self:
            if revisit.satisfaction and not 1 <= revisit.satisfaction <= 5:
                raise ValidationError(
                    self.env._("Satisfaction is a score from 1 to 5, not %s.", revisit.satisfaction)
                )

    # === COMPUTES === #
    @api.depends_context("lang")
    @api.depends("partner_id.name", "revisit_type")
    def _compute_name(self):
        types = dict(self._fields["revisit_type"]._description_selection(self.env))
        # sudo: the name of a customer since reassigned, as the revisit's reader saw it when
        # it was planned; that column only (see res.partner's OWNERSHIP_COLUMNS)
        partners = self.partner_id._origin.sudo()
        partners.fetch(["name"])
        names = {partner.id: partner.name for partner in partners}
        for revisit in self:
            revisit.name = " - ".join(
                filter(
                    None,
                    [names.get(revisit.partner_id._origin.id), types.get(revisit.revisit_type)],
                )
            )

    def _search_name(self, operator, value):
        """By the customer's name, or by the whole name as it reads ("customer - type")."""
        domain = Domain("partner_id.name", operator, value)
        if isinstance(value, str) and operator in ("=", "like", "ilike", "=like", "=ilike"):
            for key, label in self._fields["revisit_type"]._description_selection(self.env):
                suffix = f" - {label}"
                if len(value) > len(suffix) and value.lower().endswith(suffix.lower()):
                    domain |= Domain("partner_id.name", operator, value[: -len(suffix)]) & Domain(
                        "revisit_type", "=", key
                    )
        return domain

    @api.depends("state", "scheduled_date")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for revisit in self:
            revisit.is_late = revisit.state == "planned" and revisit.scheduled_date < today

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        late = [("state", "=", "planned"), ("scheduled_date", "<", fields.Date.context_today(self))]
        return late if (operator == "=") == value else ["!", *late]

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "company_id",
            "order_id",
            "offset_days",
            "done_date",
            "complaint_id",
        }

    def _get_workflow_fixed_fields(self):
        # Planned for a customer and a representative: neither changes afterwards.
        return super()._get_workflow_fixed_fields() | {"partner_id", "user_id"}

    def _get_workflow_locked(self):
        # A done revisit keeps its score; a cancelled one stays as it was.
        return self.filtered(lambda revisit: revisit.state != "planned")

    # The revisit measures its representative: when it is due is the manager's, the score
    # is theirs alone.
    def _get_leader_fields(self):
        return {"scheduled_date", "revisit_type"}

    def _get_measured_own_fields(self):
        return {"satisfaction", "feedback"}

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        revisits = super().create(vals_list)
        if self._is_workflow_client():
            # Planned after each delivery by the system; otherwise by the representative's
            # manager or a director, never by the representative.
            for revisit in revisits:
                self.env["res.users"]._check_sales_leader_of(
                    revisit.user_id,
                    self.env._(
                        "Revisits are planned after each delivery, or by the manager of %s or a "
                        "director.",
                        revisit.user_id.name,
                    ),
                    excluded=revisit.user_id,
                )
        return revisits

    def write(self, vals):
        if self._is_workflow_client() and "satisfaction" in vals:
            score = vals["satisfaction"]
            if isinstance(score, bool) or score not in range(1, 6):
                raise ValidationError(
                    self.env._("Satisfaction is a score from 1 to 5, not %s.", score)
                )
        return super().write(vals)

    # === ACTIONS === #
    def action_done(self):
        """Record the revisit; a score of 1 or 2 opens a complaint for the customer."""
        for revisit in self:
            revisit._check_can_act()
            if revisit.state != "planned":
                raise UserError(self.env._("%s is not planned any more.", revisit.display_name))
            if not revisit.satisfaction:
                raise UserError(
                    self.env._(
                        "Record the customer's satisfaction (1 to 5) before closing %s.",
                        revisit.display_name,
                    )
                )
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "done", "done_date": fields.Date.context_today(self)})
        for revisit in self:
            # A revisit is a customer contact: the owner's protection starts again.
            revisit.partner_id._touch_maintenance(revisit.user_id)
        # sudo: the revisit's activity may belong to another user
        self.activity_ids.sudo().action_feedback(feedback=self.env._("Revisit done"))
        self.filtered(lambda r: r.satisfaction in COMPLAINT_SCORES)._open_complaints()
        return True

    def action_cancel(self):
        for revisit in self:
            revisit._check_can_act()
            if revisit.state != "planned":
                raise UserError(self.env._("%s is not planned any more.", revisit.display_name))
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "cancelled"})
        # sudo: the revisit's activity may belong to another user
        self.activity_ids.sudo().unlink()
        return True

    # === BUSINESS METHODS === #
    def _check_customer_guard(self):
        # The representative of the revisit works on the customer too.
        res = super()._check_customer_guard()
        for revisit in self:
            revisit.partner_id._check_may_work_on(revisit.user_id)
        return res

    def _check_can_act(self):
        self.ensure_one()
        self.env["res.users"]._check_sales_leader_of(
            self.user_id,
            self.env._(
                "Only %(user)s, their manager or a director may record this revisit.",
                user=self.user_id.name,
            ),
            doers=self.user_id,
        )

    def _open_complaints(self):
        """Unhappy customers (score 1 or 2) become complaints handled by the owner and
        escalated to the manager if late: the quality loop starts from the revisit."""
        # sudo: complaints are opened by the system for the owner, whoever closes the revisit
        Complaint = self.env["sales.complaint"].sudo()
        for revisit in self:
            complaint = Complaint.create(
                {
                    "partner_id": revisit.partner_id.id,
                    "order_id": revisit.order_id.id,
                    "severity": COMPLAINT_SCORES[revisit.satisfaction],
                    "description": revisit.feedback
                    or self.env._(
                        "Satisfaction %(score)s/5 at the revisit %(revisit)s.",
                        score=revisit.satisfaction,
                        revisit=revisit.display_name,
                    ),
                    "revisit_id": revisit.id,
                    "company_id": revisit.company_id.id,
                }
            )
            # sudo: the complaint link is a workflow field; the log posts for any user
            revisit.sudo().complaint_id = complaint
            revisit.sudo().message_post(
                body=self.env._("Low satisfaction: complaint %s opened.", complaint.name)
            )

    @api.model
    def _plan_for_orders(self, orders):
        """Plan the revisits of fully delivered confirmed orders, once per order, at the
        company's offsets, for the customer's owner, each with an activity on its due date."""
        # sudo: revisits are planned by the system for the owner, whoever delivers the order
        orders = orders.sudo().filtered(lambda order: order.state == "sale")
        if not orders:
            return self.browse()
        # sudo: a revisit planned for another owner counts, whoever delivers the order
        planned = set(self.sudo().search([("order_id", "in", orders.ids)]).order_id.ids)
        # An order to one of the database's own companies has no customer to call back.
        own = self.env["res.partner"]._get_company_partners()
        today = fields.Date.context_today(self)
        vals_list = []
        for order in orders:
            lines = order.order_line.filtered(lambda line: not line.display_type)
            if (
                order.id in planned
                or not lines
                or any(line.qty_delivered < line.product_uom_qty for line in lines)
            ):
                continue
            customer = order.partner_id.commercial_partner_id
            if customer in own:
                continue
            owner = customer.user_id if customer.ownership_state else order.user_id
            owner = owner or order.user_id
            if not owner:
                continue
            for days in order.company_id._get_revisit_offsets():
                vals_list.append(
                    {
                        "partner_id": customer.id,
                        "order_id": order.id,
                        "user_id": owner.id,
                        "company_id": order.company_id.id,
                        "revisit_type": str(days) if days in (30, 90) else "other",
                        "offset_days": days,
                        "scheduled_date": today + timedelta(days=days),
                    }
                )
        # sudo: revisits are created for the customer's owner, whoever delivers the order
        revisits = self.sudo().create(vals_list)
        todo = self.env.ref("mail.mail_activity_data_todo")
        for revisit in revisits:
            revisit.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=revisit.scheduled_date,
                user_id=revisit.user_id.id,
                summary=self.env._("Revisit %s: satisfaction survey", revisit.partner_id.name),
            )
        return revisits
