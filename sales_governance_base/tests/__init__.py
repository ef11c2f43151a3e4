from . import test_reach_guard
