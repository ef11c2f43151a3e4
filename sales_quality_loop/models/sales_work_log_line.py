from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SalesWorkLogLine(models.Model):
    """One customer contact of a work log: a visit, a call, an online exchange."""

    _name = "sales.work.log.line"
    _description = "Work Log Contact"
    _inherit = ["sales.workflow.mixin"]
    _order = "log_id, sequence, id"
    _rec_name = "summary"

    # === FIELDS === #
    sequence = fields.Integer(default=10)
    log_id = fields.Many2one(
        "sales.work.log", string="Work Log", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one(related="log_id.user_id", store=True, index=True)
    date = fields.Date(related="log_id.date", store=True, index=True)
    log_state = fields.Selection(related="log_id.state", store=True, string="Log Status")
    company_id = fields.Many2one(related="log_id.company_id", store=True)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", index="btree_not_null", ondelete="set null"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        # The picker offers the customers the rep may log contacts with.
        domain=[("is_workable_customer", "=", True)],
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
    )
    contact_type = fields.Selection(
        [("visit", "Visit"), ("call", "Call"), ("online", "Online"), ("other", "Other")],
        default="visit",
        required=True,
    )
    summary = fields.Text(string="Progress", required=True)
    issue = fields.Text(string="Issues")
    next_step = fields.Char()
    next_date = fields.Date(string="Next Contact")

    # === COMPUTES === #
    @api.depends("lead_id")
    def _compute_partner_id(self):
        for line in self:
            if line.lead_id.partner_id and not line.partner_id:
                line.partner_id = line.lead_id.partner_id

    # === CONSTRAINTS === #
    @api.constrains("next_date", "log_id")
    def _check_next_date(self):
        for line in self:
            if line.next_date and line.log_id.date and line.next_date < line.log_id.date:
                raise ValidationError(
                    self.env._(
                        "The next contact (%s) cannot be before the day of the log.",
                        line.next_date,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_customer(self):
        self.partner_id._check_is_customer()

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        # Copies of the log's fields: written through the log only.
        return super()._get_workflow_fields() | {"user_id", "date", "log_state", "company_id"}

    def _get_workflow_locked(self):
        # A submitted log is frozen, its contacts with it.
        return self.filtered(lambda line: line.log_id.state != "draft")

    def _get_workflow_lock_message(self):
        return self.env._("A submitted work log can no longer be changed.")

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            if lines._get_workflow_locked():
                raise UserError(self._get_workflow_lock_message())
            lines._check_customers()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if not self.env.su:
            if "log_id" in vals and self._get_workflow_locked():
                raise UserError(self._get_workflow_lock_message())
            if {"partner_id", "lead_id", "log_id"} & vals.keys():
                self._check_customers()
        return res

    # === BUSINESS METHODS === #
    def _check_customers(self):
        """A representative logs contacts only with customers they may work on: another rep's
        protected customer is refused with the owner's name (the ownership code decides)."""
        for line in self:
            line.partner_id._check_may_work_on(line.log_id.user_id)
