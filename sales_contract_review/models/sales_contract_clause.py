from odoo import api, fields, models


class SalesContractClause(models.Model):
    _name = "sales.contract.clause"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Contract Clause"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Title", required=True)
    content = fields.Text()
    clause_type = fields.Selection(
        [
            ("standard", "Standard"),
            ("modified", "Modified"),
            ("supplementary", "Supplementary"),
        ],
        string="Type",
        required=True,
        default="standard",
        help="Standard: the company's wording, unchanged. Modified: a standard clause "
        "reworded for this customer. Supplementary: a clause added to the standard "
        "contract. Modified and supplementary clauses make the contract special and "
        "go to legal review.",
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    state = fields.Selection(related="order_id.state")

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        clauses = super().create(vals_list)
        clauses.order_id._check_clauses_editable()
        clauses.order_id._on_contract_changed()
        return clauses

    def write(self, vals):
        orders = self.order_id
        orders._check_clauses_editable()
        res = super().write(vals)
        (orders | self.order_id)._check_clauses_editable()
        (orders | self.order_id)._on_contract_changed()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        self.order_id._check_clauses_editable()

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders._on_contract_changed()
        return res
