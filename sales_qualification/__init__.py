from . import models
from . import wizard

# Printed records (资质借阅单)
from . import report
