from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesCustomerReassign(models.TransientModel):
    """The manager gives customers (stale or not) to another representative of the team."""

    _name = "sales.customer.reassign"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Reassign Customers"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    team_ids = fields.Many2many("crm.team", compute="_compute_team_ids")
    user_id = fields.Many2one(
        "res.users",
        string="New Owner",
        required=True,
        domain="[('crm_team_ids', 'in', team_ids), ('share', '=', False)]",
    )
    reason = fields.Char(required=True)
    move_open_documents = fields.Boolean(
        string="Move Open Opportunities and Quotations", default=True
    )

    @api.depends_context("uid")
    @api.depends("partner_ids")
    def _compute_team_ids(self):
        user = self.env.user
        # sudo: the teams the user leads, whatever they may read of other teams
        Team = self.env["crm.team"].sudo()
        for wizard in self:
            if user._is_sales_director():
                wizard.team_ids = Team.search(
                    [("company_id", "in", [*self.env.companies.ids, False])]
                )
            else:
                wizard.team_ids = Team.search([("user_id", "=", user.id)])

    def action_reassign(self):
        self.ensure_one()
        for partner in self.partner_ids:
            partner._check_can_manage_ownership(manager_only=True)
        if self.user_id not in self.team_ids.member_ids | self.team_ids.user_id:
            raise UserError(self.env._("%s is not a member of a team you lead.", self.user_id.name))
        # sudo: ownership columns are written only by _change_ownership; rights checked above
        partners = self.partner_ids.sudo()
        old_owners = {partner: partner.user_id for partner in partners}
        partners._lock_for_ownership_change()
        partners._change_ownership("reassign", self.reason, owner=self.user_id)
        if self.move_open_documents:
            for partner, old_owner in old_owners.items():
                domain = [("partner_id", "child_of", partner.id), ("user_id", "in", old_owner.ids)]
                # sudo: the old owner's open leads move with the customer, closed to the manager
                self.env["crm.lead"].sudo().search(domain + [("won_status", "=", "pending")]).write(
                    {"user_id": self.user_id.id}
                )
                # sudo: and so do the old owner's open quotations
                self.env["sale.order"].sudo().search(
                    domain + [("state", "in", ("draft", "sent"))]
                ).write({"user_id": self.user_id.id})
        return {"type": "ir.actions.act_window_close"}
