import base64
import hashlib
import hmac
import socket
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import SalesGovernanceCase
from .robot_server import RobotEventMixin, RobotServer


class GroupRobotCase(SalesGovernanceCase):
    """A local robot server, one WeCom robot for the company and helpers to send the queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = RobotServer()
        cls.addClassCleanup(cls.server.stop)
        cls.Message = cls.env["sales.notify.message"]
        cls.events = cls.env["sales.notify.event"].search([])
        cls.wecom = cls._robot("销售群", "wecom", "/cgi-bin/webhook/send?key=k1")

    @classmethod
    def _robot(cls, name, kind, path, **vals):
        return cls.env["sales.notify.robot"].create(
            {
                "name": name,
                "kind": kind,
                "webhook_url": cls.server.url + path,
                "event_ids": [(6, 0, cls.events.ids)],
                **vals,
            }
        )

    def setUp(self):
        super().setUp()
        self.server.requests.clear()
        self.server.answers.clear()

    def _send(self):
        self.Message._cron_send()
        self.env.invalidate_all()

    def _request_access(self, user=None, customer=None):
        return (
            self.env["sales.customer.access.request"]
            .with_user(user or self.rep_b)
            .create(
                {
                    "partner_id": (customer or self.customer_a).id,
                    "request_type": "collaborate",
                    "reason": "联合投标",
                }
            )
        )


@tagged("post_install", "-at_install")
class TestGroupRobots(GroupRobotCase):
    """企业微信 / 钉钉 group robots: queued with the business, sent by the cron, never blocking."""

    def test_access_request_is_queued_then_sent(self):
        """The access request queues a Chinese Markdown alert; only the cron calls the robot."""
        request = self._request_access()
        message = self.Message.search(
            [("res_id", "=", request.id), ("robot_id", "=", self.wecom.id)]
        )
        self.assertEqual(message.state, "queued")
        self.assertFalse(self.server.requests, "nothing is sent inside the user's transaction")
        self.assertIn("Rep B", message.text)
        self.assertIn("联合投标", message.text)
        self._send()
        self.assertEqual(len(self.server.requests), 1)
        sent = self.server.requests[0]
        self.assertEqual(sent["path"], "/cgi-bin/webhook/send")
        self.assertEqual(sent["query"], {"key": "k1"})
        self.assertEqual(sent["json"]["msgtype"], "markdown")
        content = sent["json"]["markdown"]["content"]
        self.assertTrue(content.startswith("### "))
        self.assertIn("联合投标", content)
        self.assertIn(
            f"/mail/view?model=sales.customer.access.request&res_id={request.id}", content
        )
        self.assertEqual(message.state, "sent")
        self.assertTrue(message.attempt_id.success)

    def test_rolled_back_business_sends_nothing(self):
        """An alert queued by a transaction that rolls back disappears with it."""
        with self.env.cr.savepoint() as savepoint:
            self._request_access()
            savepoint.rollback()
        self.env.invalidate_all()
        self.assertFalse(self.Message.search([]))

    def _dead_url(self):
        """An address of this machine where nothing listens (a port just closed)."""
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        return f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=dead"

    def _in_chinese(self, text, chinese):
        if self.env["res.lang"]._lang_get("zh_CN"):
            self.assertIn(chinese, text)

    def test_unreachable_robot_does_not_block_the_user(self):
        """A robot that does not answer leaves the user's action working; the cron retries,
        saying why in Chinese and keeping the technical text apart."""
        self.wecom.webhook_url = self._dead_url()
        request = self._request_access()
        self.assertEqual(request.state, "pending")
        self._send()
        message = self.Message.search([("res_id", "=", request.id)])
        self.assertEqual((message.state, message.error_code), ("retry", "refused"))
        self._in_chinese(message.error_message, "连接被拒绝")
        self.assertNotIn("HTTPConnectionPool", message.error_message)
        self.assertIn("refused", message.error_detail)
        self.assertGreater(message.next_try_date, fields.Datetime.now())

    def test_send_test_message_success(self):
        """发送测试消息 sends at once and says so; the message is logged as sent."""
        action = self.wecom.action_send_test()
        self.assertEqual(len(self.server.requests), 1)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(self.wecom.name, action["params"]["message"])
        message = self.Message.search([("robot_id", "=", self.wecom.id)])
        self.assertEqual((message.state, message.attempt_count), ("sent", 1))
        self.assertTrue(message.attempt_id.success)

    def test_send_test_message_refused(self):
        """A test to an address where nothing listens answers at once with the reason in
        Chinese; the message says 发送失败 (failed) and is not retried."""
        self.wecom.webhook_url = self._dead_url()
        action = self.wecom.action_send_test()
        self.assertEqual(action["params"]["type"], "danger")
        message = self.Message.search([("robot_id", "=", self.wecom.id)])
        self.assertEqual((message.state, message.error_code), ("failed", "refused"))
        self.assertEqual(action["params"]["message"], message.error_message)
        self._in_chinese(action["params"]["message"], "连接被拒绝")
        zh_env = self.env(context={"lang": "zh_CN"})
        state_label = dict(self.Message._fields["state"]._description_selection(zh_env))
        self._in_chinese(state_label["failed"], "发送失败")
        self._send()
        self.assertEqual(message.attempt_count, 1, "a failed test is not retried")

    def test_send_test_message_robot_error(self):
        """The robot's own refusal (errcode/errmsg) and an HTTP error are explained."""
        self.server.answers = [
            (200, {"errcode": 93000, "errmsg": "invalid webhook url"}),
            (404, {"error": "not found"}),
        ]
        action = self.wecom.action_send_test()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("93000", action["params"]["message"])
        self.assertIn("invalid webhook url", action["params"]["message"])
        self._in_chinese(action["params"]["message"], "机器人拒绝")
        action = self.wecom.action_send_test()
        self.assertIn("404", action["params"]["message"])
        self._in_chinese(action["params"]["message"], "HTTP 404")

    def test_dingtalk_signature(self):
        """DingTalk calls carry timestamp and sign = base64(HMAC-SHA256(secret, ts\\nsecret))."""
        self.wecom.active = False
        self._robot("钉钉群", "dingtalk", "/robot/send?access_token=t1", secret="SECtest123")
        self._request_access()
        self._send()
        sent = self.server.requests[0]
        query = sent["query"]
        self.assertEqual(query["access_token"], "t1")
        expected = base64.b64encode(
            hmac.new(
                b"SECtest123", f"{query['timestamp']}\nSECtest123".encode(), hashlib.sha256
            ).digest()
        ).decode()
        self.assertEqual(query["sign"], expected)  # parse_qs undoes the URL encoding
        self.assertEqual(sent["json"]["msgtype"], "markdown")
        self.assertIn("title", sent["json"]["markdown"])
        self.assertIn("\n\n", sent["json"]["markdown"]["text"])

    def test_retry_with_back_off_then_failed(self):
        """Robot errors are logged with their code and retried later, then given up."""
        self.server.answers = [
            (200, {"errcode": 45009, "errmsg": "api freq out of limit"}),
            (500, {"error": "busy"}),
        ]
        request = self._request_access()
        message = self.Message.search([("res_id", "=", request.id)])
        self._send()
        self.assertEqual((message.state, message.attempt_count), ("retry", 1))
        self.assertEqual(message.error_code, "45009")
        self.assertEqual(message.error_detail, "api freq out of limit")
        self.assertFalse(message.attempt_id.success)
        self._send()  # not due yet: nothing sent
        self.assertEqual(len(self.server.requests), 1)
        with freeze_time(fields.Datetime.now() + timedelta(minutes=1, seconds=5)):
            self._send()
        self.assertEqual(
            (message.state, message.attempt_count, message.error_code), ("retry", 2, "HTTP 500")
        )
        self.assertGreater(
            message.next_try_date, fields.Datetime.now() + timedelta(minutes=1, seconds=30)
        )
        self.server.answers = [(200, {"errcode": 310000, "errmsg": "sign not match"})] * 10
        for minutes in (4, 9, 18, 35):
            with freeze_time(fields.Datetime.now() + timedelta(minutes=minutes)):
                self._send()
        # Three attempts, then given up: 发送失败, with the reason.
        self.assertEqual(len(self.server.requests), 3)
        self.assertEqual((message.state, message.attempt_count), ("failed", 3))
        self.assertEqual(message.error_code, "310000")
        self.assertIn("sign not match", message.error_message)
        self._in_chinese(message.error_message, "安全设置")
        # The administrator sends it again once the robot is fixed.
        self.server.answers.clear()
        message.action_retry()
        self._send()
        self.assertEqual((message.state, message.attempt_count), ("sent", 1))

    def test_burst_goes_out_as_digest_under_rate_limit(self):
        """More messages than the robot's minute allows go out as digests, within the limit."""
        self.wecom.rate_limit = 3
        customers = self.env["res.partner"].browse(
            [self._create_customer(f"客户{i}", self.rep_a).id for i in range(25)]
        )
        self.Message._enqueue("customer_stale", customers, "超期未维护")
        self._send()
        self.assertEqual(len(self.server.requests), 2)  # digests of 20 and 5
        contents = [r["json"]["markdown"]["content"] for r in self.server.requests]
        self.assertIn("20", contents[0].splitlines()[0])
        self.assertEqual(contents[0].count("/mail/view"), 20)
        self.assertEqual(self.Message.search_count([("state", "=", "sent")]), 25)
        # One request left this minute: a new burst waits for the next minute in one digest.
        self.Message._enqueue("customer_stale", customers[:2], "超期未维护")
        self._send()
        self.assertEqual(len(self.server.requests), 3)
        self.Message._enqueue("customer_stale", customers[:1], "超期未维护")
        self._send()
        self.assertEqual(len(self.server.requests), 3)
        self.assertEqual(self.Message.search_count([("state", "=", "queued")]), 1)
        with freeze_time(fields.Datetime.now() + timedelta(seconds=61)):
            self._send()
        self.assertEqual(len(self.server.requests), 4)

    def test_team_robot_gets_its_team_only(self):
        """A robot of team B gets the alerts about team B's customers, not team A's."""
        robot_b = self._robot("销售二部群", "wecom", "/send?key=b", team_id=self.team_b.id)
        self._request_access(user=self.rep_b, customer=self.customer_a)
        self._request_access(user=self.rep_a, customer=self.customer_b)
        messages = self.Message.search([("robot_id", "=", robot_b.id)])
        self.assertEqual(len(messages), 1)
        self.assertIn("Customer B", messages.text)
        self.assertEqual(self.Message.search_count([("robot_id", "=", self.wecom.id)]), 2)

    def test_typed_text_cannot_format_link_or_mention(self):
        """A hostile access-request reason (a fake notice, a phishing link, an @all) reaches
        each kind of robot as the words it is: one line under the system's title, no heading,
        link, mention or tag of its own; the system's link to the record is still there."""
        dingtalk = self._robot("钉钉群", "dingtalk", "/robot/send?access_token=t1")
        hostile = (
            "联合投标\n### 【系统通知】您的账号已过期\r\n> 请立即处理\n"
            '[点此重新登录](http://evil.example/login) <@all> @all <at user_id="all"></at> '
            '<font color="warning">**紧急**</font> `code` ![x](http://evil.example/x.png)'
        )
        request = (
            self.env["sales.customer.access.request"]
            .with_user(self.rep_b)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "request_type": "collaborate",
                    "reason": hostile,
                }
            )
        )
        self._send()
        payloads = {r["path"]: r["json"] for r in self.server.requests}
        contents = {
            "wecom": payloads["/cgi-bin/webhook/send"]["markdown"]["content"],
            "dingtalk": payloads["/robot/send"]["markdown"]["text"],
        }
        link = f"/mail/view?model=sales.customer.access.request&res_id={request.id}"
        for kind, content in contents.items():
            lines = [line for line in content.split("\n") if line]
            # The title, the alert on one line, the link: nothing the requester typed adds one.
            self.assertEqual(len(lines), 3, (kind, content))
            title, text, link_line = lines
            self.assertTrue(title.startswith("### ") and "#" not in title[4:], (kind, title))
            self.assertTrue(link_line.startswith("[") and link in link_line, (kind, link_line))
            self.assertIn("联合投标 ＃＃＃ 【系统通知】您的账号已过期 ＞ 请立即处理", text)
            self.assertIn("［点此重新登录］(http：//evil.example/login)", text)
            for forbidden in ("#", "[", "](", "<", ">", "@", "*", "`", "http://"):
                self.assertNotIn(forbidden, text, (kind, forbidden))
            self.assertNotIn("@", content, kind)
            self.assertEqual(content.count("]("), 1, kind)  # the system's link only
        self.assertNotIn("isAtAll", str(payloads["/robot/send"]))
        self.assertNotIn("mentioned_list", str(payloads["/cgi-bin/webhook/send"]))
        self.assertEqual(dingtalk.message_ids.state, "sent")

    def test_escaped_values(self):
        """What each robot puts in a template's place for typed values."""
        for robot in (self.wecom, self._robot("钉钉群", "dingtalk", "/robot/send?t=1")):
            escape = robot._escape_text
            self.assertEqual(escape("合肥晨曦照明(工程)有限公司"), "合肥晨曦照明(工程)有限公司")
            self.assertEqual(escape("A&B_C|D~E"), "A＆B＿C｜D～E")
            self.assertEqual(escape("- 列表"), "－ 列表")
            self.assertEqual(escape("1. 第一"), "1． 第一")
            self.assertEqual(escape("2026-12-03 15.0%"), "2026-12-03 15.0%")
            self.assertEqual(escape("a\u202eb\x00c\u200bd"), "abcd")
            self.assertEqual(escape(" \n\t "), "-")
            self.assertEqual(escape(False), "-")
            self.assertEqual(escape(12), "12")
            self.assertEqual(len(escape("长" * 3000)), 200)
            self.assertEqual(
                robot._render_text("**%(who)s**: %(why)s", {"who": "*x*", "why": "<@all>"}),
                "**＊x＊**: ＜＠all＞",
            )
            self.assertEqual(robot._render_text("系统 **粗体**", {}), "系统 **粗体**")

    def test_text_must_come_in_parts(self):
        """An event whose text function returns a finished string is refused: it would carry
        typed text unescaped."""
        with self.assertRaises(TypeError):
            self.Message._enqueue(
                "customer_stale", self.customer_a, lambda env, partner: f"{partner.name} 超期"
            )

    def test_robots_and_secrets_admin_only(self):
        """Sales users, even the governance admin, cannot read robots, secrets or the queue."""
        gov_admin = new_test_user(
            self.env, "sg_robot_gov", "sales_governance.group_governance_admin"
        )
        self.wecom.secret = "SECsecret"
        for user in (self.rep_a, self.manager_a, self.director, gov_admin):
            with self.assertRaises(AccessError):
                self.env["sales.notify.robot"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.wecom.with_user(user).read(["secret"])
            with self.assertRaises(AccessError):
                self.Message.with_user(user).search([])
        system = new_test_user(self.env, "sg_robot_sys", "base.group_system")
        self.assertEqual(self.wecom.with_user(system).secret, "SECsecret")


@tagged("post_install", "-at_install")
class TestGroupRobotEvents(RobotEventMixin, SalesGovernanceCase):
    """The events of the ownership lock queue their alerts where they happen."""

    def test_customer_turns_stale(self):
        """The ownership cron queues one alert per customer it marks stale."""
        self.customer_b.sudo().write({"last_maintenance_date": "2026-01-01 00:00:00"})
        with freeze_time("2026-04-02"):
            self.env["res.partner"]._cron_ownership()
        message = self._messages(self.customer_b)
        self.assertEqual(len(message), 1)
        self.assertIn("Rep B", message.text)
        self.assertFalse(self._messages(self.customer_a))
