from . import res_company
from . import res_config_settings
from . import sales_collection_line
from . import sale_order
from . import account_move
from . import res_partner
