"""A stand-in for WeChat's API server: hands out access tokens and records pushed messages."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from harness.servers import free_port


class WeChatApiStub:
    def __init__(self) -> None:
        self.pushed: list[dict] = []
        self.token_requests = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _json(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if urlparse(self.path).path == "/cgi-bin/token":
                    stub.token_requests += 1
                    self._json({"access_token": "stub-token", "expires_in": 7200})
                else:
                    self._json({"errcode": 404})

            def do_POST(self):
                url = urlparse(self.path)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                if url.path == "/cgi-bin/message/custom/send" and parse_qs(url.query).get(
                    "access_token"
                ) == ["stub-token"]:
                    stub.pushed.append(body)
                    self._json({"errcode": 0, "errmsg": "ok"})
                else:
                    self._json({"errcode": 40001, "errmsg": "invalid credential"})

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
