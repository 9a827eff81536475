"""Issue 20: the pieces behind the end-to-end tests in tests/e2e/test_security.py."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.channels.guard import MAX_METADATA_BYTES, capped_metadata, clean_text, known_channel
from bot.channels.wechat_state import MemorySeenOnce
from bot.logs import clean_log_text
from bot.security import is_session_id, new_session_id
from bot.sms import FileSmsGateway, HttpSmsGateway, SmsError, gateway
from bot.verification import SMS, WECHAT, code_matches, one_time_code, proof, proven_method


@pytest.fixture(autouse=True)
def own_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("BOT_SECRET", raising=False)
    monkeypatch.setenv("BOT_SECRET_FILE", str(tmp_path / "secret"))


def test_the_secret_is_made_once_and_kept_private(tmp_path):
    from bot.security import api_token, secret

    first = secret()
    assert secret() == first and len(first) == 64
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600
    assert api_token() != first.decode()


def test_session_ids_are_random_signed_and_bound_to_their_channel():
    session = new_session_id("socketio")
    random_part = session.split(".")[0]
    assert len(random_part) * 4 >= 128 and session != new_session_id("socketio")
    assert is_session_id(session, "socketio")
    assert not is_session_id(session, "rest")  # another channel's
    assert not is_session_id(f"{random_part}.{'0' * 32}", "socketio")  # made up
    assert not is_session_id("victim", "socketio") and not is_session_id(None, "socketio")


def test_one_time_codes_and_proofs():
    code = one_time_code("conv-1", "13905321234", now=1_000_000)
    assert code_matches(code, "conv-1", "13905321234", now=1_000_000 + 200)
    assert not code_matches(code, "conv-1", "13905321234", now=1_000_000 + 900)  # expired
    assert not code_matches(code, "conv-2", "13905321234", now=1_000_000)  # another conversation
    assert proven_method(proof(SMS, "conv-1", "13905321234"), "conv-1", "13905321234") == SMS
    assert proven_method(proof(WECHAT, "conv-1", "13905321234"), "conv-2", "13905321234") is None
    assert proven_method("ok", "conv-1", "13905321234") is None


class _Provider(BaseHTTPRequestHandler):
    received = []
    status = 200

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.headers.get("Authorization"), body))
        self.send_response(type(self).status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_the_http_sms_adapter_posts_to_the_provider():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/send"
    try:
        sms = gateway(
            {"SMS_PROVIDER": "http", "SMS_HTTP_URL": url, "SMS_HTTP_KEY": "k1", "SMS_SIGN": "小海"}
        )
        assert isinstance(sms, HttpSmsGateway)
        sms.send("13905321234", "验证码 123456")
        assert _Provider.received[-1] == (
            "Bearer k1",
            {"mobile": "13905321234", "text": "验证码 123456", "sign": "小海"},
        )
        _Provider.status = 500
        with pytest.raises(SmsError):
            sms.send("13905321234", "验证码 123456")
    finally:
        server.shutdown()
    with pytest.raises(SmsError):
        HttpSmsGateway("http://127.0.0.1:9/").send("13905321234", "x")


def test_the_development_sms_gateway_writes_to_a_file(tmp_path):
    sms = gateway({"SMS_OUTBOX_FILE": str(tmp_path / "sms.txt")})
    assert isinstance(sms, FileSmsGateway)
    sms.send("13905321234", "验证码 123456")
    assert (tmp_path / "sms.txt").read_text(encoding="utf-8") == "13905321234\t验证码 123456\n"


def test_payload_values_and_channels_are_cleaned_and_metadata_capped():
    assert (
        clean_text('/inform{"person_name":"\\u001b[2J\\u009b王五"}')
        == '/inform{"person_name": "[2J王五"}'
    )
    assert clean_text("电视\u009b黑屏") == "电视黑屏" and clean_text("电视\ud800黑屏") == "电视黑屏"
    assert known_channel("\u001b]0;pwned") == "other" and known_channel({"a": 1}) == "other"
    assert known_channel("wechat") == "wechat"
    assert capped_metadata({"a": "x" * MAX_METADATA_BYTES}) is None and capped_metadata(
        {"a": 1}
    ) == {"a": 1}


def test_log_text_is_one_line_masked_and_encodable():
    assert clean_log_text("a\nFORGED 13905321234 \ud800") == "a\\nFORGED 139****1234 \\ud800"


def test_warnings_and_stderr_are_masked_once_installed():
    script = (
        "import logging, warnings, sys\n"
        "from bot.logs import install_output_masking\n"
        "install_output_masking()\n"
        "logging.basicConfig()\n"
        'warnings.warn(\'Failed to parse arguments in /inform{"phone_number": "13905329876"}\')\n'
        "logging.getLogger('x').warning('line\\nFORGED %s', '13905329876')\n"
        "print('13905329876', file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert "13905329876" not in result.stderr and "139****9876" in result.stderr
    assert "\nFORGED" not in result.stderr


def test_a_nonce_counts_once_but_an_identical_retry_passes():
    seen = MemorySeenOnce(ttl=600)
    assert seen.first("t:n", "body-1") and seen.first("t:n", "body-1")
    assert not seen.first("t:n", "body-2")
    assert seen.first("msg:1") and not seen.first("msg:1")


@pytest.mark.parametrize("endpoints_file", ["endpoints.yml", "config/endpoints.production.yml"])
def test_rasa_sends_the_action_server_the_token_from_the_environment(endpoints_file, monkeypatch):
    """`make serve` exports ACTION_SERVER_TOKEN and the action server refuses requests without it:
    Rasa must read the variable's value from the endpoints file, not the text ``${…}`` (a quoted
    ``"${VAR}"`` is never substituted, and every action then got 401)."""
    from rasa.core.utils import AvailableEndpoints

    from bot.build import ROOT

    for name in ("ACTION_ENDPOINT_URL", "TRACKER_DB_HOST", "TRACKER_DB_NAME", "TRACKER_DB_USER",
                 "TRACKER_DB_PASSWORD", "REDIS_HOST", "RABBITMQ_HOST", "RABBITMQ_USER",
                 "RABBITMQ_PASSWORD"):  # fmt: skip
        monkeypatch.setenv(name, "x")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "token-from-the-environment")
    monkeypatch.setenv("ACTION_PORT", "5099")
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / endpoints_file))
    assert endpoints.action.token == "token-from-the-environment"
    if endpoints_file == "endpoints.yml":  # make serve's ACTION_PORT, not always 5055
        assert endpoints.action.url == "http://localhost:5099/webhook"
