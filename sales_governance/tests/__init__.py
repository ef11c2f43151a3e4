from . import test_ownership, test_tiers
