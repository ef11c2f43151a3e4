from odoo import api, models


class ReportKpiScorecard(models.AbstractModel):
    """绩效考核表: one rep's scorecard for the period, with the signatures of the appraised, the
    appraiser and the reviewer.

    Printing is reading: only a user who may read the scorecard prints it (the rep their own,
    a manager their teams', a director all). The lines are then read as superuser: they belong
    to a scorecard the user may read.
    """

    _name = "report.sales_kpi.report_kpi_scorecard"
    _description = "KPI Scorecard Record"

    @api.model
    def _get_report_values(self, docids, data=None):
        scorecards = self.env["sales.kpi.scorecard"].browse(docids)
        scorecards.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "sales.kpi.scorecard",
            "docs": scorecards,
            "lines": {
                # sudo: the scorecard is printed whole, also lines closed to the reader
                scorecard.id: scorecard.sudo().line_ids.sorted(
                    lambda line: (line.sequence, line.id)
                )
                for scorecard in scorecards
            },
        }
