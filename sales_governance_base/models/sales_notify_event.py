from odoo import fields, models


class SalesNotifyEvent(models.Model):
    """A kind of alert a group robot may receive (each addon ships the events it raises)."""

    _name = "sales.notify.event"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Group Robot Event"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Used by the code that raises the event.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_uniq = models.UniqueIndex("(code)", "Each event code exists once.")
