from . import test_tiers
