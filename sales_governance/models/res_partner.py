from odoo import api, fields, models

# States in which a customer belongs to one representative and is hidden from the others.
OWNED_STATES = ("protected", "stale")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === FIELDS === #
    ownership_state = fields.Selection(
        [
            ("pool", "Public Pool"),
            ("protected", "Protected"),
            ("stale", "Stale, awaiting decision"),
        ],
        string="Ownership",
        index=True,
        copy=False,
        tracking=True,
        help="Public Pool: any representative may claim it.\n"
        "Protected: only the owner (and their managers) may work on it.\n"
        "Stale: not maintained in time; the manager decides whether to reassign or release it.",
    )
    ownership_date = fields.Datetime(string="Owned Since", copy=False, readonly=True)
    last_maintenance_date = fields.Datetime(copy=False, readonly=True)
    protection_end_date = fields.Date(copy=False, readonly=True, index=True)

    # === BUSINESS METHODS === #
    @api.model
    def _commercial_fields(self):
        # Ownership belongs to the company: its contacts follow it.
        return super()._commercial_fields() + [
            "user_id",
            "ownership_state",
            "ownership_date",
            "last_maintenance_date",
            "protection_end_date",
        ]
