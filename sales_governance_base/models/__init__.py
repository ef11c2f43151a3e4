from . import ir_http
from . import sales_document_access_mixin
from . import sales_workflow_mixin
