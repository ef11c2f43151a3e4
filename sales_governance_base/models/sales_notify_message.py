import logging
from datetime import timedelta

import requests

from odoo import api, fields, models, modules
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # then the message is marked failed (back-off 1, 2, 4, 8, 16 minutes)
DIGEST_SIZE = 20  # items of one digest message
TIMEOUT = 10  # seconds for one webhook call
# Error codes of "too many messages": WeCom 45009, DingTalk 130101.
RATE_LIMIT_CODES = {"45009", "130101"}


class SalesNotifyMessage(models.Model):
    """An alert for a group robot: queued, sent or failed, with the robot's answer.

    Queued in the business transaction itself (``_enqueue``), never sent there: if the
    transaction rolls back, the alert is gone with it, and a slow or broken robot never delays
    or breaks the user's work. A cron sends the queue right after (it is triggered by the
    enqueue), within each robot's rate limit, retrying with back-off.
    """

    _name = "sales.notify.message"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Group Robot Message"
    _order = "id desc"
    _rec_name = "title"

    robot_id = fields.Many2one("sales.notify.robot", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="robot_id.company_id", store=True, index=True)
    event_id = fields.Many2one("sales.notify.event", ondelete="set null")
    res_model = fields.Char(string="Document Model")
    res_id = fields.Many2oneReference(string="Document", model_field="res_model")
    title = fields.Char(required=True)
    text = fields.Text(required=True, help="Markdown.")
    url = fields.Char(string="Link")
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
        default="queued",
        required=True,
        index=True,
    )
    attempt_count = fields.Integer(string="Attempts")
    next_try_date = fields.Datetime(default=fields.Datetime.now, index=True)
    sent_date = fields.Datetime()
    error_code = fields.Char(help="The robot's error code (errcode), HTTP status or network.")
    error_message = fields.Char()
    attempt_id = fields.Many2one("sales.notify.attempt", string="Last Request", index=True)

    # === QUEUE API === #
    @api.model
    def _enqueue(self, event, records, text):
        """Queue an alert of ``event`` (a code) about each of ``records`` for the robots that
        receive it. Returns the queued messages; never sends anything itself.

        ``text`` is the system's Markdown (a literal), or a function ``(env, record) ->
        (template, values)`` called in the robot's language (Chinese): ``template`` the
        translated Markdown with ``%(name)s`` placeholders, ``values`` what fills them. Every
        value is taken for text a user typed (a name, a reason) and escaped for each robot's
        markup (``sales.notify.robot._render_text``): only the template formats, links or
        mentions.
        """
        records = records.sudo()
        event_rec = self.env["sales.notify.event"].sudo().search([("code", "=", event)], limit=1)
        if not records or not event_rec:
            return self.browse()
        robots = self.env["sales.notify.robot"].sudo().search([("event_ids", "in", event_rec.ids)])
        vals_list = []
        for record in records:
            company = (
                record.company_id if "company_id" in record._fields else False
            ) or self.env.company
            team = self._get_record_team(record)
            targets = robots.filtered(
                lambda r, c=company, t=team: r.company_id == c and (not r.team_id or r.team_id == t)
            )
            if not targets:
                continue
            env = record.with_context(lang=self._get_robot_lang()).env
            template, values = self._get_text_parts(text, env, record)
            for robot in targets:
                vals_list.append(
                    {
                        "robot_id": robot.id,
                        "event_id": event_rec.id,
                        "res_model": record._name,
                        "res_id": record.id,
                        "title": event_rec.with_env(env).name,
                        "text": robot._render_text(template, values),
                        "url": f"{robot.get_base_url()}/mail/view?model={record._name}"
                        f"&res_id={record.id}",
                    }
                )
        messages = self.sudo().create(vals_list)
        if messages:
            self._trigger_send()
        return messages

    @api.model
    def _get_text_parts(self, text, env, record):
        """``(template, values)`` of an alert's ``text`` (see ``_enqueue``)."""
        if not callable(text):
            return text, {}
        parts = text(env, record)
        if not (isinstance(parts, tuple) and len(parts) == 2 and isinstance(parts[1], dict)):
            # A finished string would carry what users typed unescaped.
            raise TypeError(f"{text!r} must return (template, values), not {parts!r}")
        return parts

    @api.model
    def _get_record_team(self, record):
        """The sales team a document or customer belongs to, for team robots."""
        if "team_id" in record._fields and record.team_id:
            return record.team_id
        for fname in ("user_id", "owner_id", "requester_id", "borrower_id"):
            if fname in record._fields and record[fname]._name == "res.users":
                return record[fname].sale_team_id
        return self.env["crm.team"]

    @api.model
    def _get_robot_lang(self):
        """Group chats of a Chinese sales department read Chinese, when it is installed."""
        if self.env["res.lang"]._lang_get("zh_CN"):
            return "zh_CN"
        return self.env.lang

    @api.model
    def _trigger_send(self):
        self.env.ref("sales_governance_base.ir_cron_sales_notify_send").sudo()._trigger()

    # === SENDING (cron) === #
    @api.model
    def _cron_send(self):
        """Send the due messages, robot by robot; safe to run in several workers at once."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sales_notify_message WHERE state = 'queued' "
                "AND next_try_date <= %s ORDER BY id FOR UPDATE SKIP LOCKED",
                fields.Datetime.now(),
            )
        )
        due = self.browse([row[0] for row in self.env.cr.fetchall()])
        for robot, messages in due.grouped("robot_id").items():
            if robot.active:
                messages._send_by(robot)
                self._commit_step(len(messages))

    def _commit_step(self, done):
        # Each robot's result is kept even if a later robot breaks the run (not inside tests).
        if not modules.module.current_test:
            self.env["ir.cron"]._commit_progress(done)

    def _send_by(self, robot):
        """Send ``self`` (due messages of ``robot``), one by one while the robot's rate limit
        allows it, else as digests of up to DIGEST_SIZE items."""
        budget = robot._remaining_budget()
        if budget <= 0:
            return
        messages = self.sorted("id")
        if len(messages) <= budget:
            batches = list(messages)
        else:
            batches = [
                messages[start : start + DIGEST_SIZE]
                for start in range(0, len(messages), DIGEST_SIZE)
            ][:budget]
        for batch in batches:
            batch._send_batch(robot)

    def _send_batch(self, robot):
        """One webhook call carrying ``self`` (one message, or a digest)."""
        if len(self) == 1:
            title, lines = self.title, [self.text, self._link_line()]
        else:
            env = self.with_context(lang=self._get_robot_lang()).env
            title = env._("Sales governance: %s alerts", len(self))
            lines = [
                f"- **{message.title}** {message.text.splitlines()[0] if message.text else ''} "
                f"{message._link_line()}"
                for message in self
            ]
        payload = robot._payload(title, lines)
        result = self._post(robot, payload)
        attempt = (
            self.env["sales.notify.attempt"]
            .sudo()
            .create(
                {
                    "robot_id": robot.id,
                    "message_count": len(self),
                    "payload": payload["markdown"].get("content") or payload["markdown"]["text"],
                    **result,
                }
            )
        )
        now = fields.Datetime.now()
        if result["success"]:
            self.sudo().write(
                {
                    "state": "sent",
                    "sent_date": now,
                    "attempt_id": attempt.id,
                    "error_code": False,
                    "error_message": False,
                    "attempt_count": self[:1].attempt_count + 1,
                }
            )
            return
        for message in self.sudo():
            count = message.attempt_count + 1
            message.write(
                {
                    "attempt_count": count,
                    "attempt_id": attempt.id,
                    "error_code": result["error_code"],
                    "error_message": result["error_message"],
                    "state": "failed" if count >= MAX_ATTEMPTS else "queued",
                    "next_try_date": now + timedelta(minutes=2 ** (count - 1)),
                }
            )

    def _link_line(self):
        self.ensure_one()
        if not self.url:
            return ""
        env = self.with_context(lang=self._get_robot_lang()).env
        label = env._("Open in Odoo")
        return f"[{label}]({self.url})"

    @api.model
    def _post(self, robot, payload):
        """Call the webhook; the answer as attempt values (never raises)."""
        try:
            response = requests.post(robot._signed_url(), json=payload, timeout=TIMEOUT)
        except requests.RequestException as exc:
            return {"success": False, "error_code": "network", "error_message": str(exc)[:250]}
        if response.status_code != 200:
            return {
                "success": False,
                "http_status": response.status_code,
                "error_code": f"HTTP {response.status_code}",
                "error_message": response.text[:250],
            }
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        code = str(answer.get("errcode", "")) or "?"
        return {
            "success": code == "0",
            "http_status": response.status_code,
            "error_code": False if code == "0" else code,
            "error_message": False if code == "0" else str(answer.get("errmsg", ""))[:250],
        }
