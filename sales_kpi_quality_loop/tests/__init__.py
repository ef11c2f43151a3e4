from . import test_loop_kpi
