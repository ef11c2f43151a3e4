from . import test_reach_guard
from . import test_tier_wrappers
