from . import ir_http
from . import sales_workflow_mixin
