from odoo import models


class HrExpenseSplitWizard(models.TransientModel):
    _name = "hr.expense.split.wizard"
    _inherit = ["sales.reach.guard.mixin", "hr.expense.split.wizard"]

    def action_split_expense(self):
        # The split copies keep the approval of the expense they come from (stock behaviour):
        # the expense's workflow code, not a client, writes it.
        with self.env["hr.expense"]._workflow_writing():
            return super().action_split_expense()
