"""A local stand-in for the WeCom / DingTalk robot webhooks: records what it receives."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class RobotServer:
    """HTTP server on 127.0.0.1 (a free port) answering like a group robot.

    ``requests`` lists what arrived: ``{"path", "query", "json"}``. ``answers`` is a list of
    ``(http_status, body)`` consumed one per request; when empty, ``{"errcode": 0}``.
    ``delay``: seconds each answer takes (a slow robot, to make concurrent senders overlap).
    """

    def __init__(self):
        self.requests = []
        self.answers = []
        self.delay = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                url = urlparse(self.path)
                server.requests.append(
                    {
                        "path": url.path,
                        "query": {k: v[0] for k, v in parse_qs(url.query).items()},
                        "json": json.loads(body or b"{}"),
                    }
                )
                time.sleep(server.delay)
                status, answer = server.answers.pop(0) if server.answers else (200, {"errcode": 0})
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class RobotEventMixin:
    """For a test case of a domain raising robot events: a local WeCom robot subscribed to
    every event, and what was queued or sent for a record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = RobotServer()
        cls.addClassCleanup(cls.server.stop)
        cls.robot = cls.env["sales.notify.robot"].create(
            {
                "name": "销售群",
                "kind": "wecom",
                "webhook_url": cls.server.url + "/cgi-bin/webhook/send?key=k1",
                "event_ids": [(6, 0, cls.env["sales.notify.event"].search([]).ids)],
            }
        )
        cls.Message = cls.env["sales.notify.message"]

    def setUp(self):
        super().setUp()
        self.server.requests.clear()

    def _messages(self, record):
        return self.Message.search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def _sent_content(self, record):
        """The one alert queued for ``record``, sent: its markdown as the robot got it."""
        message = self._messages(record)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.state, "queued")
        self.assertFalse(self.server.requests, "nothing is sent inside the user's transaction")
        self.Message._cron_send()
        self.env.invalidate_all()
        link = f"/mail/view?model={record._name}&res_id={record.id}"
        contents = [
            request["json"]["markdown"]["content"]
            for request in self.server.requests
            if link in request["json"]["markdown"]["content"]
        ]
        self.assertEqual(len(contents), 1)
        self.assertEqual(message.state, "sent")
        return contents[0]
