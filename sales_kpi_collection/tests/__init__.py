from . import test_on_time_collection_kpi
