from . import sales_qualification_decision_wizard
from . import sales_qualification_renew_wizard
from . import sales_qualification_request_wizard
