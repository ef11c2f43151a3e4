from . import report_special_contract_review
