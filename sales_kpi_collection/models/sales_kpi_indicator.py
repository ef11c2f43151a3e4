from odoo import fields, models


class SalesKpiIndicator(models.Model):
    """The on-time collection rate, read from the collection plan (sales_collection)."""

    _inherit = "sales.kpi.indicator"

    source = fields.Selection(
        selection_add=[("on_time_collection", "On-time Collection Rate")],
        ondelete={"on_time_collection": "set default"},
    )

    def _kpi_source_on_time_collection(self, date_from, date_to, members, cache, teams):
        """Received by the due date ÷ due (%), on the rep's expected receipts due in the
        period: a receipt not invoiced yet counts as due and unpaid, an invoice instalment as
        received on time for the payments reconciled with it no later than its due date.
        Read alongside the collection rate (paid ÷ invoiced), which ignores the dates."""
        self.env["sales.collection.line"].flush_model(
            ["user_id", "due_date", "amount", "move_line_id"]
        )
        self.env["account.partial.reconcile"].flush_model(
            ["debit_move_id", "debit_amount_currency", "max_date"]
        )
        return self._kpi_grouped(
            """
            SELECT m.subject_id,
                   SUM(COALESCE(paid.amount, 0)) * 100.0 / NULLIF(SUM(c.amount), 0)
              FROM sales_collection_line c
              JOIN %(pairs)s ON m.user_id = c.user_id
              LEFT JOIN LATERAL (
                    SELECT SUM(p.debit_amount_currency) AS amount
                      FROM account_partial_reconcile p
                     WHERE p.debit_move_id = c.move_line_id AND p.max_date <= c.due_date
                   ) paid ON TRUE
             WHERE c.user_id = ANY(%(user_ids)s)
               AND c.due_date BETWEEN %(date_from)s AND %(date_to)s
             GROUP BY m.subject_id
            """,
            date_from,
            date_to,
            members,
        )
