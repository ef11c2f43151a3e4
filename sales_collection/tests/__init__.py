from . import test_collection_plan
from . import test_collection_reminders
from . import test_collection_settings
from . import test_credit_risk
from . import test_collection_ownership
