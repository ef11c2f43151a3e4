from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _get_sales_home_actions(self):
        # Contract reviewers who are no sales tier land on the contracts to review.
        review = "sales_contract_review.sale_order_action_to_review"
        return [
            *super()._get_sales_home_actions(),
            ("sales_governance.group_contract_finance_reviewer", review),
            ("sales_governance.group_contract_legal_reviewer", review),
        ]
