from . import sales_customer_reassign
