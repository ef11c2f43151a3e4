from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_amount


class SalesCustomerReassign(models.TransientModel):
    _inherit = "sales.customer.reassign"

    overdue_warning = fields.Html(
        string="Long Overdue Receivables",
        compute="_compute_overdue_warning",
        sanitize=False,
        help="Customers handed over while owing receipts overdue more than the escalation "
        "days: the manager sees the debt before deciding.",
    )

    @api.depends_context("uid")
    @api.depends("partner_ids")
    def _compute_overdue_warning(self):
        # The manager decides on the whole debt of the customer, including receipts of
        # orders outside the teams they lead: read as superuser, only the totals are
        # shown, and only of the customers the user manages (the wizard's own rule).
        # sudo: the totals of the whole debt, shown only for customers the user manages
        Line = self.env["sales.collection.line"].sudo()
        Partner = self.env["res.partner"]
        today = fields.Date.context_today(self)
        for wizard in self:
            items = []
            for partner in wizard.partner_ids:
                if not (self.env.su or partner._is_ownership_manager(self.env.user)):
                    continue
                company = partner.company_id or self.env.company
                groups = Line._read_group(
                    Partner._get_long_overdue_domain(partner, company),
                    groupby=["currency_id"],
                    aggregates=["amount_residual:sum", "due_date:min", "__count"],
                )
                for currency, amount, oldest, count in groups:
                    items.append(
                        Markup("<li>%s</li>")
                        % self.env._(
                            "%(customer)s: %(amount)s outstanding on %(count)s receipts "
                            "overdue more than %(allowed)s days (oldest %(days)s days)",
                            customer=partner.display_name,
                            amount=format_amount(self.env, amount, currency),
                            count=count,
                            allowed=company.collection_escalate_days,
                            days=(today - oldest).days,
                        )
                    )
            wizard.overdue_warning = (
                Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "Long overdue receivables: the new owner takes over their collection."
                    ),
                    Markup().join(items),
                )
                if items
                else False
            )
