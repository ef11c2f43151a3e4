from datetime import date

from odoo import Command
from odoo.addons.sales_governance.tests.common import SalesGovernanceCase


class KpiCase(SalesGovernanceCase):
    """The tiers of ``SalesGovernanceCase`` plus a January of books for reps A, A2 and B.

    rep_a   two confirmed orders (1,000 each, one a year earlier too), one invoice half paid,
            one new customer
    rep_a2  one confirmed order
    rep_b   nothing
    """

    date_from = date(2026, 1, 1)
    date_to = date(2026, 1, 31)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Indicator = cls.env["sales.kpi.indicator"]
        ref = cls.env.ref
        cls.ind_sales = ref("sales_kpi.sales_kpi_indicator_sales_amount")
        cls.ind_margin = ref("sales_kpi.sales_kpi_indicator_margin")
        cls.ind_new = ref("sales_kpi.sales_kpi_indicator_new_customers")
        cls.ind_completion = ref("sales_kpi.sales_kpi_indicator_target_completion")
        cls.ind_collection = ref("sales_kpi.sales_kpi_indicator_collection_rate")
        cls.ind_growth = ref("sales_kpi.sales_kpi_indicator_growth_rate")
        cls.ind_complaints = ref("sales_kpi.sales_kpi_indicator_complaint_rate")
        cls.ind_manual = ref("sales_kpi.sales_kpi_indicator_manual")
        cls.template = cls.env["sales.kpi.template"].create(
            {
                "name": "Rep monthly",
                "period_type": "month",
                "line_ids": [
                    Command.create(
                        {"indicator_id": cls.ind_sales.id, "weight": 40, "target_value": 2000}
                    ),
                    Command.create(
                        {"indicator_id": cls.ind_margin.id, "weight": 10, "target_value": 100}
                    ),
                    Command.create(
                        {"indicator_id": cls.ind_new.id, "weight": 10, "target_value": 2}
                    ),
                    Command.create(
                        {"indicator_id": cls.ind_collection.id, "weight": 10, "target_value": 100}
                    ),
                    Command.create(
                        {"indicator_id": cls.ind_growth.id, "weight": 10, "target_value": 50}
                    ),
                    Command.create(
                        {"indicator_id": cls.ind_complaints.id, "weight": 10, "target_value": 5}
                    ),
                    Command.create({"indicator_id": cls.ind_manual.id, "weight": 10}),
                ],
            }
        )
        cls.product.standard_price = 600.0
        cls._confirm(cls.order_a, "2026-01-10 08:00:00")
        cls._confirm(cls.order_a2, "2026-01-20 08:00:00")
        cls._confirm(
            cls._create_order(cls.customer_a, cls.rep_a, cls.team_a), "2026-01-31 20:00:00"
        )
        cls._confirm(
            cls._create_order(cls.customer_a, cls.rep_a, cls.team_a), "2025-01-15 08:00:00"
        )
        # Outside the period: neither counts.
        cls._confirm(
            cls._create_order(cls.customer_a, cls.rep_a, cls.team_a), "2026-02-01 01:00:00"
        )
        cls._create_order(cls.customer_b, cls.rep_b, cls.team_b)  # a quotation only
        Log = cls.env["sales.customer.ownership.log"].sudo()
        logs = Log.create(
            [
                {"partner_id": cls.customer_a.id, "new_user_id": cls.rep_a.id, "event": "register"},
                {
                    "partner_id": cls.pool_customer.id,
                    "new_user_id": cls.rep_a.id,
                    "event": "release",
                },
                {"partner_id": cls.customer_b.id, "new_user_id": cls.rep_b.id, "event": "claim"},
            ]
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE sales_customer_ownership_log SET create_date = %s WHERE id = ANY(%s)",
            ["2026-01-05 10:00:00", logs[:2].ids],
        )
        cls.env.cr.execute(
            "UPDATE sales_customer_ownership_log SET create_date = %s WHERE id = %s",
            ["2025-12-31 10:00:00", logs[2].id],
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer_a.id,
                "invoice_user_id": cls.rep_a.id,
                "invoice_date": "2026-01-12",
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Lamps", "quantity": 1, "price_unit": 1000, "tax_ids": []}
                    )
                ],
            }
        )
        cls.invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.invoice.ids
        ).create({"amount": 250.0, "payment_date": "2026-01-20"})._create_payments()
        cls.env.invalidate_all()

    @classmethod
    def _confirm(cls, order, when):
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE sale_order SET state = 'sale', date_order = %s WHERE id = %s", [when, order.id]
        )
        cls.env.invalidate_all()
        return order

    @classmethod
    def _scorecard(cls, user, team, template=None, **vals):
        return (
            cls.env["sales.kpi.scorecard"]
            .sudo()
            .create(
                {
                    "user_id": user.id,
                    "team_id": team.id,
                    "template_id": (template or cls.template).id,
                    "date_from": cls.date_from,
                    "date_to": cls.date_to,
                    **vals,
                }
            )
        )

    @staticmethod
    def _line(scorecard, indicator):
        return scorecard.line_ids.filtered(lambda line: line.indicator_id == indicator)
