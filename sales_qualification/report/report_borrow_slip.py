from odoo import api, models


class ReportBorrowSlip(models.AbstractModel):
    """资质借阅单: the borrow record with its approval, hand-over and return, for signing.

    Printing is reading: only a user who may read the borrow record prints it.
    """

    _name = "report.sales_qualification.report_borrow_slip"
    _description = "Certificate Borrow Slip"

    @api.model
    def _get_report_values(self, docids, data=None):
        borrows = self.env["sales.qualification.borrow"].browse(docids)
        borrows.check_access("read")
        return {"doc_ids": docids, "doc_model": "sales.qualification.borrow", "docs": borrows}
