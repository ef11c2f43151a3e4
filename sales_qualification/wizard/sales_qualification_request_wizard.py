from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError


class SalesQualificationRequestWizard(models.TransientModel):
    """Ask for the certificates a bid needs: one borrow request per certificate."""

    _name = "sales.qualification.request.wizard"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Request Certificates for an Opportunity"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", required=True, ondelete="cascade")
    qualification_ids = fields.Many2many(
        "sales.qualification",
        string="Certificates",
        required=True,
        domain="[('state', '=', 'valid')]",
    )
    borrow_type = fields.Selection(
        [("original", "Original"), ("copy", "Certified Copy"), ("scan", "Scan")],
        required=True,
        default="copy",
    )
    purpose = fields.Text(required=True)
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    expected_return_date = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=7)
    )

    def action_confirm(self):
        """Create and send the requests for the opportunity's salesperson."""
        self.ensure_one()
        # Only who may work on the bid may ask for its certificates.
        self.lead_id.check_access("write")
        if not self.qualification_ids:
            raise UserError(self.env._("Choose at least one certificate."))
        borrower = self.lead_id.user_id or self.env.user
        if not borrower.has_group("sales_qualification.group_qualification_user"):
            borrower = self.env.user
        borrows = (
            # sudo: borrows are written only through their workflow, closed to direct creation
            self.env["sales.qualification.borrow"]
            .sudo()
            .create(
                [
                    {
                        "qualification_id": qualification.id,
                        "borrower_id": borrower.id,
                        "lead_id": self.lead_id.id,
                        "borrow_type": self.borrow_type,
                        "purpose": self.purpose,
                        "date_from": self.date_from,
                        "expected_return_date": self.expected_return_date,
                    }
                    for qualification in self.qualification_ids
                ]
            )
        )
        borrows._submit_request()
        self.lead_id.message_post(
            body=self.env._(
                "Certificates requested: %s", ", ".join(borrows.qualification_id.mapped("name"))
            )
        )
        return self.lead_id.action_view_qualification_borrows()
