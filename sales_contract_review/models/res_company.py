from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Special contracts ---
    contract_max_discount = fields.Float(
        default=10.0,
        digits="Discount",
        help="Highest line discount (%) a representative may give without a special "
        "contract review; product categories may set their own.",
    )
    contract_standard_payment_days = fields.Integer(
        default=30,
        help="Payment terms longer than this many days make a special contract, reviewed "
        "by finance.",
    )

    @api.constrains("contract_max_discount", "contract_standard_payment_days")
    def _check_contract_settings(self):
        for company in self:
            if not 0 <= company.contract_max_discount <= 100:
                raise ValidationError(
                    self.env._("The maximum discount is a percentage between 0 and 100.")
                )
            if company.contract_standard_payment_days < 0:
                raise ValidationError(self.env._("Standard payment days cannot be negative."))
