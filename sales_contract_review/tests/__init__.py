from . import test_approval_chinese
from . import test_group_robot_events
from . import test_printed_records
from . import test_rpc_boundary
from . import test_special_contract
