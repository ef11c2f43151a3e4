from . import test_ownership, test_tiers
from . import test_concurrency
from . import test_special_contract
from . import test_customer_creation, test_rpc_boundary
from . import test_contact_visibility

# Every journey in the browser, in Chinese (issue 8)
from . import test_approval_chinese
