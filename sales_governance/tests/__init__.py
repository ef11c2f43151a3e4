from . import test_ownership, test_tiers
from . import test_concurrency
from . import test_special_contract

# Initial customer import (初始导入)
from . import test_customer_import

# Printed records (特殊合同评审表)
from . import test_printed_records

# Group robots (企业微信 / 钉钉)
from . import test_group_robots

# Dashboard (销售管理)
from . import test_dashboard
