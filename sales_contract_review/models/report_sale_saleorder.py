from odoo import api, models


class ReportSaleSaleorder(models.AbstractModel):
    _inherit = "report.sale.report_saleorder"

    @api.model
    def _get_report_values(self, docids, data=None):
        # a special quotation is printed for the customer only once reviewed
        self.env["sale.order"].browse(docids)._check_special_contract_sendable()
        return super()._get_report_values(docids, data=data)
