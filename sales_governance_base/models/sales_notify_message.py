import logging
from datetime import timedelta

import psycopg2.errors
import requests

from odoo import api, fields, models
from odoo.tools import SQL

from ..jobs import commit_batch

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # then the message is marked failed (back-off 1, then 2 minutes)
DIGEST_SIZE = 20  # items of one digest message
TIMEOUT = 10  # seconds for one webhook call of the queue
TEST_TIMEOUT = 5  # seconds for the test message, sent while the administrator waits
# Error codes of "too many messages": WeCom 45009, DingTalk 130101.
RATE_LIMIT_CODES = {"45009", "130101"}
# Advisory lock namespace of the robots' queues: one worker sends for one robot at a time.
ROBOT_LOCK_NAMESPACE = 0x5347524F  # "SGRO"


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
        [
            ("queued", "Queued"),
            ("retry", "Waiting to Retry"),
            ("sent", "Sent"),
            ("failed", "Send Failed"),
        ],
        default="queued",
        required=True,
        index=True,
        help="Waiting to retry: the last attempt failed, another one follows (three attempts "
        "in all). Send failed: every attempt failed; the reason says why.",
    )
    attempt_count = fields.Integer(string="Attempts")
    next_try_date = fields.Datetime(default=fields.Datetime.now, index=True)
    sent_date = fields.Datetime()
    error_code = fields.Char(
        help="The robot's error code (errcode), the HTTP status, or what failed on the way "
        "(refused, timeout, dns, ssl, network)."
    )
    error_message = fields.Char(string="Failure Reason")
    error_detail = fields.Text(
        string="Technical Detail", help="The error as the network library or the robot gave it."
    )
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
        # sudo: the robot outbox is written by the system for any user
        records = records.sudo()
        event_rec = self.env["sales.notify.event"].sudo().search([("code", "=", event)], limit=1)
        if not records or not event_rec:
            return self.browse()
        # sudo: robots are configuration closed to users; the system picks those of the event
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
        # sudo: the robot outbox is written by the system for any user
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
        # sudo: the sender job is woken for any user who queued a message
        self.env.ref("sales_governance_base.ir_cron_sales_notify_send").sudo()._trigger()

    # === SENDING (cron) === #
    @api.model
    def _cron_send(self):
        """Send the due messages, robot by robot: each message once, however many workers or
        servers run this at the same moment.

        A worker sends for a robot only under the robot's advisory lock and only the messages
        it claimed (``FOR UPDATE SKIP LOCKED``): a second worker skips a robot being served,
        and a worker whose snapshot predates another's commit fails to claim rows that were
        sent meanwhile (serialization error) instead of sending them again. Each robot's
        result is committed before the next robot's messages are claimed.
        """
        self.flush_model(["robot_id", "state", "next_try_date"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT robot_id FROM sales_notify_message "
                "WHERE state IN ('queued', 'retry') AND next_try_date <= %s",
                fields.Datetime.now(),
            )
        )
        robot_ids = [row[0] for row in self.env.cr.fetchall()]
        for robot in self.env["sales.notify.robot"].browse(robot_ids).exists():
            messages = self._claim_due(robot) if robot.active else self.browse()
            if messages:
                messages._send_by(robot)
            commit_batch(self.env, len(messages))

    @api.model
    def _claim_due(self, robot):
        """Lock and return the due messages of ``robot`` for this transaction; nothing when
        another worker is sending for the robot or has just sent them."""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        "SELECT pg_try_advisory_xact_lock(%s, %s)",
                        ROBOT_LOCK_NAMESPACE,
                        robot.id,
                    )
                )
                if not self.env.cr.fetchone()[0]:
                    return self.browse()
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM sales_notify_message WHERE robot_id = %s "
                        "AND state IN ('queued', 'retry') AND next_try_date <= %s "
                        "ORDER BY id FOR UPDATE SKIP LOCKED",
                        robot.id,
                        fields.Datetime.now(),
                    ),
                    log_exceptions=False,
                )
                ids = [row[0] for row in self.env.cr.fetchall()]
        except psycopg2.errors.SerializationFailure:
            _logger.info("Robot %s: its messages were sent by another worker.", robot.id)
            return self.browse()
        # What this transaction's snapshot holds of them may be older than the lock.
        messages = self.browse(ids)
        messages.invalidate_recordset()
        return messages

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

    def _send_batch(self, robot, timeout=TIMEOUT, retry=True):
        """One webhook call carrying ``self`` (one message, or a digest). Returns the
        request's log (``sales.notify.attempt``). A failure is retried later unless ``retry``
        is False or the attempts are used up."""
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
        result = self._post(robot, payload, timeout=timeout)
        attempt = (
            # sudo: delivery attempts are the system's log, written whoever sends
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
            # sudo: the outbox is the system's; its state is not the user's to write
            self.sudo().write(
                {
                    "state": "sent",
                    "sent_date": now,
                    "attempt_id": attempt.id,
                    "error_code": False,
                    "error_message": False,
                    "error_detail": False,
                    "attempt_count": self[:1].attempt_count + 1,
                }
            )
            return attempt
        # sudo: the outbox is the system's; its state is not the user's to write
        for message in self.sudo():
            count = message.attempt_count + 1
            message.write(
                {
                    "attempt_count": count,
                    "attempt_id": attempt.id,
                    "error_code": result["error_code"],
                    "error_message": result["error_message"],
                    "error_detail": result["error_detail"],
                    "state": "retry" if retry and count < MAX_ATTEMPTS else "failed",
                    "next_try_date": now + timedelta(minutes=2 ** (count - 1)),
                }
            )
        return attempt

    def action_retry(self):
        """Send failed messages again: three new attempts, starting with the next run."""
        failed = self.filtered(lambda m: m.state == "failed")
        failed.write(
            {"state": "queued", "attempt_count": 0, "next_try_date": fields.Datetime.now()}
        )
        if failed:
            self._trigger_send()
        return True

    def _link_line(self):
        self.ensure_one()
        if not self.url:
            return ""
        env = self.with_context(lang=self._get_robot_lang()).env
        label = env._("Open in Odoo")
        return f"[{label}]({self.url})"

    @api.model
    def _post(self, robot, payload, timeout=TIMEOUT):
        """Call the webhook; the answer as attempt values, the reason of a failure in the
        robot's language (never raises)."""
        env = self.with_context(lang=self._get_robot_lang()).env
        try:
            response = requests.post(robot._signed_url(), json=payload, timeout=timeout)
        except requests.RequestException as exc:
            code, reason = self._network_reason(env, exc, timeout)
            return {
                "success": False,
                "error_code": code,
                "error_message": reason,
                "error_detail": str(exc)[:2000],
            }
        if response.status_code != 200:
            return {
                "success": False,
                "http_status": response.status_code,
                "error_code": f"HTTP {response.status_code}",
                "error_message": env._(
                    "The robot's address answered HTTP %(status)s (%(meaning)s) instead of "
                    "taking the message: check the webhook URL.",
                    status=response.status_code,
                    meaning=response.reason or "-",
                ),
                "error_detail": response.text[:2000],
            }
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        code = str(answer.get("errcode", "")) or "?"
        if code == "0":
            return {
                "success": True,
                "http_status": response.status_code,
                "error_code": False,
                "error_message": False,
                "error_detail": False,
            }
        errmsg = str(answer.get("errmsg", "") or response.text)[:250]
        return {
            "success": False,
            "http_status": response.status_code,
            "error_code": code,
            "error_message": self._robot_reason(env, code, errmsg),
            "error_detail": errmsg,
        }

    @api.model
    def _network_reason(self, env, exc, timeout):
        """``(code, reason)`` of a webhook call that got no answer, the reason in Chinese."""
        text = str(exc)
        if isinstance(exc, requests.Timeout):
            return "timeout", env._(
                "The robot did not answer within %s seconds (timeout): the address may be "
                "wrong or the network slow.",
                timeout,
            )
        if isinstance(exc, requests.exceptions.SSLError):
            return "ssl", env._(
                "The robot's HTTPS certificate could not be verified: check the webhook URL."
            )
        if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
            return "url", env._("The webhook URL is not a valid address.")
        if "refused" in text.lower():
            return "refused", env._(
                "Connection refused: nothing listens at the webhook address (wrong address or "
                "port, or the service is down)."
            )
        if any(
            needle in text
            for needle in ("NameResolution", "Name or service not known", "resolve", "getaddrinfo")
        ):
            return "dns", env._(
                "The webhook's host name could not be found: check the address and the "
                "server's DNS."
            )
        return "network", env._(
            "The robot could not be reached (network error): check the webhook URL and the "
            "server's internet access."
        )

    @api.model
    def _robot_reason(self, env, code, errmsg):
        """The reason of an error answered by WeCom or DingTalk (``errcode``), in Chinese."""
        known = {
            "93000": env._("the webhook key is invalid (robot removed or address mistyped)"),
            "45009": env._("too many messages in a minute"),
            "130101": env._("too many messages in a minute"),
            "300001": env._("the access token is invalid (robot removed or address mistyped)"),
            "310000": env._(
                "the robot's security setting was not met (keyword, signing secret or IP address)"
            ),
            "?": env._("its answer was not understood"),
        }
        return env._(
            "The robot refused the message: %(reason)s (error %(code)s: %(message)s).",
            reason=known.get(code, env._("see the error message")),
            code=code,
            message=errmsg or "-",
        )
