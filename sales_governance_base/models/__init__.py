from . import ir_http
from . import sales_document_access_mixin
from . import sales_workflow_mixin

# Group robots (企业微信 / 钉钉)
from . import sales_notify_event
from . import sales_notify_robot
from . import sales_notify_message
from . import sales_notify_attempt
