from . import test_register
from . import test_review
from . import test_expiry
from . import test_borrow
from . import test_sales_link
from . import test_settings
from . import test_workflow_guard

# Printed records (资质借阅单)
from . import test_borrow_slip

# Group robots (企业微信 / 钉钉)
from . import test_group_robots

# Certificates dashboard
from . import test_dashboard

# The demo as its users open it
from . import test_demo
