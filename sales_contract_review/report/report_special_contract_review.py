from odoo import api, models


class ReportSpecialContractReview(models.AbstractModel):
    """特殊合同评审表: the order, why it is special and every tier review, for signing.

    Printing is reading: only a user who may read the order prints it. The reviews are then
    read as superuser, because a representative may read their order but not every review line
    of the other tiers (their record rules show reviewers their own reviews).
    """

    _name = "report.sales_contract_review.report_special_contract_review"
    _description = "Special Contract Review Record"

    @api.model
    def _get_report_values(self, docids, data=None):
        orders = self.env["sale.order"].browse(docids)
        orders.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "sale.order",
            "docs": orders,
            "reviews": {
                # sudo: reviewers read the order's tier reviews, closed to direct reads
                order.id: order.sudo().review_ids.sorted(lambda r: (r.sequence, r.id))
                for order in orders
            },
            "clauses": {
                order.id: order.clause_ids.filtered(lambda c: c.clause_type != "standard")
                for order in orders
            },
        }
