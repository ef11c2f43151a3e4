from . import sales_customer_reassign

# Initial customer import (初始导入)
from . import sales_customer_import
from . import sales_customer_import_line
