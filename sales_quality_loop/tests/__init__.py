from . import test_complaint
from . import test_customer_pickers
from . import test_group_robot_events
from . import test_loop_security
from . import test_revisit
from . import test_work_log
