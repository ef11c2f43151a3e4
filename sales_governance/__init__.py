from . import models
from . import wizard

# Printed records (特殊合同评审表)
from . import report
from .hooks import post_init_hook, uninstall_hook
