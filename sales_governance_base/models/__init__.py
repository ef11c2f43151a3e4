from . import ir_http
from . import ir_module_module
from . import sales_document_access_mixin
from . import sales_reach_guard_mixin
from . import sales_workflow_mixin

# The OCA approval engine closed to direct changes, and its wording in Chinese
from . import tier_review
from . import tier_validation
from . import tier_review_i18n
from . import tier_validation_i18n

# Group robots (企业微信 / 钉钉)
from . import sales_notify_event
from . import sales_notify_robot
from . import sales_notify_message
from . import sales_notify_attempt

# Scheduled jobs that run once on many workers
from . import sales_job_run
