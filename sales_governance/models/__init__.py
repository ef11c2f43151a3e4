from . import sales_customer_guard_mixin  # first: models below inherit it
from . import sales_duplicate_check
from . import (
    account_payment_term,
    base,
    calendar_attendee,
    crm_team,
    crm_lead,
    mail_activity,
    mail_followers,
    mail_thread,
    ir_qweb_field_contact,
    product_category,
    res_company,
    res_config_settings,
    res_country,
    res_groups,
    res_partner,
    res_partner_archive,
    res_partner_ownership_actions,
    res_partner_duplicate,
    res_partner_ownership_cron,
    report_sale_saleorder,
    res_users,
    sale_order,
    sale_order_customer_guard,
    sale_order_line,
    sales_contract_clause,
    sales_contract_required_field,
    sales_customer_access_request,
    sales_customer_class,
    sales_customer_directory,
    sales_customer_lookup_log,
    sales_customer_ownership_log,
    sales_customer_pool,
    sales_customer_registration,
    tier_definition,
)

# Work logs, revisits and complaints
from . import (
    sales_work_log,
    sales_work_log_line,
    sales_revisit,
    sales_complaint,
    sales_improvement_action,
    sale_order_line_revisit,
)

# Sales expense budgets
from . import (
    hr_expense,
    product_product,
    sales_expense_budget_tier,  # first: budgets and increases inherit it
    sales_expense_budget,
    sales_expense_budget_increase,
    sales_expense_budget_line,
    sales_expense_budget_report,
    sales_expense_category,
)

# Targets and KPI scorecards
from . import (
    sales_kpi_period,
    sales_kpi_indicator,
    sales_kpi_template,
    sales_kpi_template_line,
    sales_kpi_scorecard,
    sales_kpi_scorecard_line,
    sales_target,
)
from . import sales_kpi_analysis  # last: a view over the tables above
