from odoo import fields, models


class SalesNotifyAttempt(models.Model):
    """One webhook call: what was sent and what the robot answered (the send log)."""

    _name = "sales.notify.attempt"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Group Robot Request"
    _order = "id desc"
    _rec_name = "date"

    robot_id = fields.Many2one("sales.notify.robot", required=True, index=True, ondelete="cascade")
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    message_count = fields.Integer(string="Messages", help="More than one: a digest.")
    payload = fields.Text(string="Sent Text")
    success = fields.Boolean()
    http_status = fields.Integer(string="HTTP Status")
    error_code = fields.Char(
        help="The robot's error code (errcode), the HTTP status, or what failed on the way "
        "(refused, timeout, dns, ssl, network)."
    )
    error_message = fields.Char(string="Failure Reason")
    error_detail = fields.Text(
        string="Technical Detail", help="The error as the network library or the robot gave it."
    )
