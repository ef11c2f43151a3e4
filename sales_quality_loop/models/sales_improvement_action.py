from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

# Days given to the follow-up of an action found not effective.
FOLLOW_UP_DAYS = 14


class SalesImprovementAction(models.Model):
    """纠正/预防措施: a corrective action with an owner, a deadline and a verified effect."""

    _name = "sales.improvement.action"
    _description = "Corrective Action"
    _inherit = ["sales.measured.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "deadline, id"

    # === FIELDS === #
    complaint_id = fields.Many2one("sales.complaint", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Action", required=True, tracking=True)
    owner_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        required=True,
        index=True,
        tracking=True,
    )
    deadline = fields.Date(required=True, tracking=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    complaint_user_id = fields.Many2one(
        related="complaint_id.user_id", store=True, string="Customer Owner"
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("done", "Done"),
            ("verified", "Verified Effective"),
            ("ineffective", "Not Effective"),
        ],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    done_date = fields.Date(readonly=True, copy=False)
    verification_note = fields.Text(readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_date = fields.Date(readonly=True, copy=False)
    parent_id = fields.Many2one(
        "sales.improvement.action", string="Follow-up Of", readonly=True, index="btree_not_null"
    )
    child_ids = fields.One2many("sales.improvement.action", "parent_id", string="Follow-ups")
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    # === COMPUTES === #
    @api.depends("state", "deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            # a line just added in the complaint form has no deadline yet
            action.is_overdue = (
                action.state == "open" and bool(action.deadline) and action.deadline < today
            )

    # === WORKFLOW GUARD === #
    def _get_workflow_fields(self):
        return super()._get_workflow_fields() | {
            "done_date",
            "verification_note",
            "verified_by_id",
            "verified_date",
            "parent_id",
            "company_id",
            "complaint_user_id",
        }

    def _get_workflow_fixed_fields(self):
        # An action stays in the chain of its complaint.
        return super()._get_workflow_fixed_fields() | {"complaint_id"}

    def _get_workflow_locked(self):
        # Done: its owner reported it; what was done is what gets verified.
        return self.filtered(lambda action: action.state != "open")

    # The chain of actions is the manager's: its owners and deadlines are decided by the
    # manager of the customer's owner; neither the owner of the action nor the customer's owner
    # decides.
    def _get_measured_user(self):
        self.ensure_one()
        return self.complaint_id.user_id

    def _get_measured_users(self):
        return self.owner_id | self.complaint_id.user_id

    def _get_leader_fields(self):
        return {"owner_id", "deadline"}

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        if self._is_workflow_client():
            actions._check_complaint_open()
            # Anyone handling the complaint takes an action on; giving one to someone else is
            # the manager's.
            actions.filtered(lambda action: action.owner_id != self.env.user)._check_leader_fields(
                {"owner_id"}
            )
        return actions

    @api.ondelete(at_uninstall=False)
    def _unlink_except_chain(self):
        """Only the manager of the customer's owner (or a director) removes an action, never a
        follow-up: the chain of a complaint ends in an action verified effective."""
        if not self._is_workflow_client():
            return
        for action in self:
            if action.parent_id:
                raise UserError(
                    self.env._(
                        "%s follows up an action found not effective: it stays until its effect "
                        "is verified.",
                        action.name,
                    )
                )
            self.env["res.users"]._check_sales_leader_of(
                action.complaint_id.user_id,
                self.env._(
                    "Only the manager of %s or a director removes a corrective action.",
                    action.complaint_id.user_id.name or "?",
                ),
            )

    # === ACTIONS === #
    def action_done(self):
        """The owner reports the action carried out; the manager then verifies its effect."""
        for action in self:
            if action.state != "open":
                raise UserError(self.env._("%s is not open.", action.name))
            self.env["res.users"]._check_sales_leader_of(
                action.complaint_id.user_id,
                self.env._(
                    "Only %s or their manager reports this action done.", action.owner_id.name
                ),
                doers=action.owner_id | action.complaint_id.responsible_id,
            )
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "done", "done_date": fields.Date.context_today(self)})
        return True

    def action_verify(self, effective, note=False):
        """The manager verifies the effect. Not effective: a follow-up action is opened on the
        same complaint, which cannot close before the follow-up is verified."""
        user = self.env.user
        self._check_client_values({"verification_note": note})
        for action in self:
            if action.state != "done":
                raise UserError(
                    self.env._("%s must be done before its effect is verified.", action.name)
                )
            self.env["res.users"]._check_sales_leader_of(
                action.complaint_user_id,
                self.env._(
                    "The effect of %(action)s is verified by the manager of %(user)s or a "
                    "director, not by the action's owner.",
                    action=action.name,
                    user=action.complaint_user_id.name or "?",
                ),
                excluded=action.owner_id,
            )
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write(
            {
                "state": "verified" if effective else "ineffective",
                "verification_note": note or False,
                "verified_by_id": user.id,
                "verified_date": fields.Date.context_today(self),
            }
        )
        if not effective:
            self._create_follow_ups()
        return True

    def action_open_verify_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Verify the Effect"),
            "res_model": "sales.improvement.verify",
            "view_mode": "form",
            "target": "new",
            "context": {"default_action_id": self.id},
        }

    # === BUSINESS METHODS === #
    def _check_complaint_open(self):
        for action in self:
            if action.complaint_id.state == "closed":
                raise UserError(
                    self.env._(
                        "%s is closed: reopen it to add corrective actions.",
                        action.complaint_id.name,
                    )
                )

    def _create_follow_ups(self):
        today = fields.Date.context_today(self)
        # sudo: follow-ups are created by the system for the owner, whoever verifies
        follow_ups = self.sudo().create(
            [
                {
                    "complaint_id": action.complaint_id.id,
                    "parent_id": action.id,
                    "name": self.env._("Follow-up: %s", action.name),
                    "owner_id": action.owner_id.id,
                    "deadline": today + timedelta(days=FOLLOW_UP_DAYS),
                }
                for action in self
            ]
        )
        for follow_up in follow_ups:
            follow_up.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=follow_up.deadline,
                user_id=follow_up.owner_id.id,
                summary=self.env._("The previous action was not effective: follow up"),
            )
        return follow_ups
