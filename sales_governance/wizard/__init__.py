from . import base_partner_merge_automatic_wizard
from . import sales_customer_reassign
from . import sales_customer_import
from . import sales_customer_import_check
from . import sales_customer_import_line
