from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    qualification_borrow_ids = fields.One2many(
        "sales.qualification.borrow",
        "lead_id",
        string="Certificate Requests",
        groups="sales_qualification.group_qualification_user",
    )
    qualification_borrow_count = fields.Integer(
        compute="_compute_qualification_borrow_count",
        groups="sales_qualification.group_qualification_user",
    )

    @api.depends("qualification_borrow_ids")
    def _compute_qualification_borrow_count(self):
        counts = dict(
            self.env["sales.qualification.borrow"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.qualification_borrow_count = counts.get(lead, 0)

    def action_request_qualifications(self):
        """Open the wizard that asks the custodian for certificates needed by this bid."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Certificates"),
            "res_model": "sales.qualification.request.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def action_view_qualification_borrows(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_qualification.sales_qualification_borrow_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        return action
