import base64
import hashlib
import hmac
import re
import time
from urllib.parse import quote_plus

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sales_notify_message import TEST_TIMEOUT

# Both services document 20 messages a minute per robot.
DEFAULT_RATE_LIMIT = 20

# What users typed goes out as plain text, one line: the characters that would format it,
# link it, quote it or mention someone in the robots' Markdown (WeCom's ``<@userid>`` and
# ``<font>``, DingTalk's ``@mobile``, Feishu's ``<at>``) become their full-width forms, which
# read the same to a Chinese reader and mean nothing to any of the renderers (a backslash
# escape is not honoured by all of them).
MARKUP_CHARACTERS = str.maketrans(
    {
        "\\": "＼",
        "`": "｀",
        "*": "＊",
        "_": "＿",
        "~": "～",
        "#": "＃",
        "[": "［",
        "]": "］",
        "<": "＜",
        ">": "＞",
        "|": "｜",
        "@": "＠",
        "&": "＆",
    }
)
# Line and paragraph breaks, tabs and other white space: one space (a value cannot open a
# line, hence a heading, a quote or a table of its own).
WHITE_SPACE = re.compile(r"\s+")
# A value where a line starts would still open a list: its marker becomes full-width.
LIST_MARKER = re.compile(r"^(?:([-+])|(\d{1,9})([.)]))(?=\s|$)")
LIST_MARKER_WIDE = {"-": "－", "+": "＋", ".": "．", ")": "）"}
# Control, zero-width and direction-changing characters: removed.
INVISIBLE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# A typed web address stays readable but is no link (clients make links of bare addresses).
URL_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//)")
# Longest typed value in an alert: the robots refuse messages over 4,096 bytes.
MAX_VALUE_LENGTH = 200


class SalesNotifyRobot(models.Model):
    """A WeCom (企业微信) or DingTalk (钉钉) group robot and the events it receives.

    The webhook URL carries the robot's key and the signing secret proves the sender: both are
    fields of the system administrators only, like the model itself.
    """

    _name = "sales.notify.robot"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Group Robot"
    _order = "company_id, team_id, name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index="btree_not_null",
        help="Only events of this team's documents and customers; empty: the whole company.",
    )
    kind = fields.Selection(
        [("wecom", "WeCom (企业微信)"), ("dingtalk", "DingTalk (钉钉)")],
        required=True,
        default="wecom",
    )
    webhook_url = fields.Char(
        string="Webhook URL",
        required=True,
        groups="base.group_system",
        help="The group robot's address, with its key or access token.",
    )
    secret = fields.Char(
        string="Signing Secret",
        groups="base.group_system",
        help="DingTalk robots with the signing (加签) security setting: the SEC... secret.",
    )
    event_ids = fields.Many2many("sales.notify.event", string="Events")
    rate_limit = fields.Integer(
        string="Messages per Minute",
        default=DEFAULT_RATE_LIMIT,
        help="Above this, waiting messages go out together as one digest.",
    )
    message_ids = fields.One2many("sales.notify.message", "robot_id")
    queued_count = fields.Integer(compute="_compute_counts")
    failed_count = fields.Integer(compute="_compute_counts")

    @api.depends("message_ids.state")
    def _compute_counts(self):
        counts = {
            (robot.id, state): count
            for robot, state, count in self.env["sales.notify.message"]._read_group(
                [("robot_id", "in", self.ids)], ["robot_id", "state"], ["__count"]
            )
        }
        for robot in self:
            robot.queued_count = counts.get((robot.id, "queued"), 0) + counts.get(
                (robot.id, "retry"), 0
            )
            robot.failed_count = counts.get((robot.id, "failed"), 0)

    @api.constrains("webhook_url", "rate_limit")
    def _check_webhook(self):
        # sudo: the webhook is an administrators' field; the check runs whoever saves the robot
        for robot in self.sudo():
            if not (robot.webhook_url or "").startswith(("https://", "http://")):
                raise ValidationError(
                    self.env._("The webhook of %s must be an http(s) address.", robot.name)
                )
            if robot.rate_limit < 1:
                raise ValidationError(
                    self.env._("A robot sends at least one message a minute (%s).", robot.name)
                )

    # === SENDING === #
    def _signed_url(self, timestamp=None):
        """The webhook URL, signed for DingTalk robots with a secret (timestamp + HMAC-SHA256,
        as DingTalk documents: sign = urlencode(base64(hmac_sha256(secret, "ts\\nsecret"))))."""
        self.ensure_one()
        # sudo: the secret is closed to every user; only signing reads it
        robot = self.sudo()
        if robot.kind != "dingtalk" or not robot.secret:
            return robot.webhook_url
        timestamp = str(timestamp or round(time.time() * 1000))
        digest = hmac.new(
            robot.secret.encode(), f"{timestamp}\n{robot.secret}".encode(), hashlib.sha256
        ).digest()
        sign = quote_plus(base64.b64encode(digest))
        separator = "&" if "?" in robot.webhook_url else "?"
        return f"{robot.webhook_url}{separator}timestamp={timestamp}&sign={sign}"

    def _render_text(self, template, values):
        """The alert's Markdown for this robot: ``template`` is the system's (translated,
        trusted, with ``%(name)s`` placeholders), ``values`` what users typed (names, reasons,
        purposes), each escaped for the robot's markup before it is put in its place. The only
        place where text of users enters a robot message."""
        self.ensure_one()
        if not values:
            return template
        return template % {key: self._escape_text(value) for key, value in values.items()}

    def _escape_text(self, value):
        """``value`` as plain text on one line of the robot's Markdown: no heading, quote,
        list, link, image, emphasis, code, HTML tag or mention of its own, at most
        MAX_VALUE_LENGTH characters."""
        self.ensure_one()
        if value is None or value is False:
            return "-"
        text = WHITE_SPACE.sub(" ", str(value))
        text = INVISIBLE_CHARACTERS.sub("", text).strip()
        text = URL_SCHEME.sub(r"\1：", text).translate(MARKUP_CHARACTERS)
        text = LIST_MARKER.sub(
            lambda m: LIST_MARKER_WIDE[m[1]] if m[1] else m[2] + LIST_MARKER_WIDE[m[3]], text
        )
        if len(text) > MAX_VALUE_LENGTH:
            text = text[: MAX_VALUE_LENGTH - 1] + "…"
        return text or "-"

    def _payload(self, title, lines):
        """The robot's Markdown message: a title and lines of Markdown."""
        self.ensure_one()
        if self.kind == "dingtalk":
            # DingTalk's Markdown needs a blank line between paragraphs.
            text = "\n\n".join([f"### {title}", *lines])
            return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        return {"msgtype": "markdown", "markdown": {"content": "\n".join([f"### {title}", *lines])}}

    def _remaining_budget(self):
        """How many requests the robot may still take in the current minute."""
        self.ensure_one()
        since = fields.Datetime.subtract(fields.Datetime.now(), seconds=60)
        sent = self.env["sales.notify.attempt"].search_count(
            [("robot_id", "=", self.id), ("date", ">", since)]
        )
        return self.rate_limit - sent

    def action_send_test(self):
        """Send a test message now, while the administrator waits (short timeout), and say at
        once whether it arrived or, in Chinese, why not. Logged like any message, never
        retried: the answer is on the screen."""
        self.ensure_one()
        Message = self.env["sales.notify.message"]
        env = Message.with_context(lang=Message._get_robot_lang()).env
        # sudo: the robot outbox is written by the system for any user
        message = Message.sudo().create(
            {
                "robot_id": self.id,
                "title": env._("Test message"),
                "text": env._("The sales governance alerts reach this group."),
            }
        )
        attempt = message._send_batch(self, timeout=TEST_TIMEOUT, retry=False)
        if attempt.success:
            params = {
                "type": "success",
                "title": self.env._("Test message sent"),
                "message": self.env._(
                    "%s accepted the test message: look in the group chat.", self.name
                ),
            }
        else:
            params = {
                "type": "danger",
                "sticky": True,
                "title": self.env._("Test message failed"),
                "message": attempt.error_message,
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {**params, "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }
