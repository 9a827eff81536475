"""The production nginx configuration (config/nginx.production.conf), run by a real nginx in
front of stub servers that answer with their own name: REST turns go round robin, a WeChat
sender's messages (and so WeChat's retries of them) always reach the same Rasa process, the widget
sticks to one process, and the action servers share the load.

Skips when nginx is not installed on a developer's machine; fails in CI (.ci/run installs it)."""

import shutil
import subprocess
import threading
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from harness.servers import free_port, wait_for
from tests.external_servers import unavailable

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)

CONFIG = Path(__file__).resolve().parents[2] / "config" / "nginx.production.conf"
#: the addresses the configuration names, each replaced by a stub of that name
STUBS = {
    "127.0.0.1:5005": "rasa-1",
    "127.0.0.1:5006": "rasa-2",
    "127.0.0.1:5155": "actions-1",
    "127.0.0.1:5156": "actions-2",
    "127.0.0.1:8080": "chat-page",
}


def _stub(name: str) -> ThreadingHTTPServer:
    class Answer(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which(
        "nginx", path="/usr/sbin"
    )  # sbin: not on every PATH
    if not found:
        unavailable(
            "nginx", FileNotFoundError("nginx"), "install Debian's nginx-light to run this test"
        )
    return found


def _rendered(config: str, ports: dict[str, int]) -> str:
    """The configuration with its listen ports and upstream addresses moved to this test's."""
    for old, new in [
        ("listen 80;", f"listen {ports['front']};"),
        ("listen 127.0.0.1:5055;", f"listen 127.0.0.1:{ports['actions']};"),
        *((address, f"127.0.0.1:{ports[name]}") for address, name in STUBS.items()),
    ]:
        assert old in config, f"config/nginx.production.conf no longer has {old!r}"
        config = config.replace(old, new)
    return config


@pytest.fixture(scope="module")
def nginx(tmp_path_factory) -> Iterator[dict[str, str]]:
    binary = _nginx_binary()
    stubs = {name: _stub(name) for name in STUBS.values()}
    ports = {name: stub.server_address[1] for name, stub in stubs.items()}
    ports.update(front=free_port(), actions=free_port())
    work = tmp_path_factory.mktemp("nginx")
    log = work / "error.log"  # nginx's errors and output, shown if it does not come up
    (work / "production.conf").write_text(
        _rendered(CONFIG.read_text(encoding="utf-8"), ports), encoding="utf-8"
    )
    (work / "nginx.conf").write_text(
        f"daemon off;\npid {work}/nginx.pid;\nerror_log {log};\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {work}/body;\n  proxy_temp_path {work}/proxy;\n"
        f"  include {work}/production.conf;\n}}\n",
        encoding="utf-8",
    )
    with log.open("ab") as output:
        process = subprocess.Popen(
            [binary, "-p", str(work), "-c", str(work / "nginx.conf")],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    urls = {
        "front": f"http://127.0.0.1:{ports['front']}",
        "actions": f"http://127.0.0.1:{ports['actions']}",
    }
    try:
        wait_for(urls["front"] + "/", 10, process, log)
        yield urls
    finally:
        process.terminate()
        process.wait(timeout=10)
        for stub in stubs.values():
            stub.shutdown()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as reply:
        return reply.read().decode()


def _post(url: str) -> str:
    with urllib.request.urlopen(
        urllib.request.Request(url, data=b"<xml/>", method="POST"), timeout=5
    ) as reply:
        return reply.read().decode()


def _wechat(front: str, query: str) -> str:
    return _post(f"{front}/webhooks/wechat/webhook?signature=s&timestamp=1&nonce=n{query}")


def test_rest_turns_go_round_robin_over_both_rasa_processes(nginx):
    served = [_post(f"{nginx['front']}/webhooks/rest/webhook") for _ in range(6)]
    assert Counter(served) == {"rasa-1": 3, "rasa-2": 3}


def test_a_wechat_sender_always_reaches_the_same_rasa_process(nginx):
    by_sender: dict[str, list[str]] = {
        f"oSender{i:03d}": [_wechat(nginx["front"], f"&openid=oSender{i:03d}") for _ in range(4)]
        for i in range(20)
    }
    assert all(len(set(served)) == 1 for served in by_sender.values()), by_sender
    # and the senders are spread over both processes, not all sent to one
    assert {served[0] for served in by_sender.values()} == {"rasa-1", "rasa-2"}


def test_wechat_requests_without_a_sender_all_reach_one_process(nginx):
    served = {_wechat(nginx["front"], "") for _ in range(6)}
    assert len(served) == 1 and served <= {"rasa-1", "rasa-2"}


def test_the_widget_stays_on_one_process_and_the_page_is_served(nginx):
    assert (
        len({_get(f"{nginx['front']}/socket.io/?EIO=4&transport=polling") for _ in range(6)}) == 1
    )
    assert _get(f"{nginx['front']}/") == "chat-page"


def test_action_calls_go_round_robin_over_both_action_servers(nginx):
    served = [_post(f"{nginx['actions']}/webhook") for _ in range(4)]
    assert Counter(served) == {"actions-1": 2, "actions-2": 2}
