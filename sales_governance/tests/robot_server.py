"""A local stand-in for the WeCom / DingTalk robot webhooks: records what it receives."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class RobotServer:
    """HTTP server on 127.0.0.1 (a free port) answering like a group robot.

    ``requests`` lists what arrived: ``{"path", "query", "json"}``. ``answers`` is a list of
    ``(http_status, body)`` consumed one per request; when empty, ``{"errcode": 0}``.
    """

    def __init__(self):
        self.requests = []
        self.answers = []
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
