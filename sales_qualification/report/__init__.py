from . import report_borrow_slip
