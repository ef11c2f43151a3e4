from . import sales_customer_guard_mixin  # first: models below inherit it
from . import sales_contact_visibility_mixin, sales_duplicate_check
from . import (
    crm_lead,
    mail_activity,
    mail_followers,
    res_company,
    res_config_settings,
    res_country,
    res_groups,
    res_partner,
    res_partner_archive,
    res_partner_ownership_actions,
    res_partner_duplicate,
    res_partner_ownership_cron,
    res_users,
    sale_order_customer_guard,
    sales_customer_access_request,
    sales_customer_class,
    sales_customer_directory,
    sales_customer_lookup_log,
    sales_customer_ownership_log,
    sales_customer_registration,
)
