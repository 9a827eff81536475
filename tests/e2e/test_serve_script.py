"""`make serve` as users start it: scripts/serve.sh with the project's own endpoints.yml and
credentials.yml (the other end-to-end tests start the servers through harness/servers.py with
endpoints of their own). A customer's first message gets the bot's answer, not the apology for a
failed turn: Rasa reaches the action server with the token the script exports."""

import os
import signal
import subprocess
import time
import uuid

import pytest
import requests

from bot.build import ROOT
from bot.channels.guard import FAILURE_REPLY
from harness.servers import PYTHON, START_SECONDS, free_port

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)


def test_make_serve_answers_a_customer(tmp_path):
    ports = {"ACTION_PORT": free_port(), "RASA_PORT": free_port(), "WEB_PORT": free_port()}
    env = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tickets.db'}",
    }
    log = tmp_path / "serve.log"
    script = subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its children are stopped with it
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while "ready:" not in log.read_text(errors="replace"):
            assert script.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "make serve did not get ready"
            time.sleep(1)
        token = subprocess.run(
            [PYTHON, "-m", "bot.security", "api-token"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        answer = requests.post(
            f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook",
            params={"token": token},
            json={
                "sender": f"serve-{uuid.uuid4().hex[:10]}",
                "message": "电视黑屏了，有声音没图像",
            },
            timeout=120,
        ).json()
        said = " ".join(m.get("text", "") for m in answer)
        assert said and FAILURE_REPLY not in said, said
        assert "电视" in said or "画面" in said or "图像" in said, said
    finally:
        os.killpg(script.pid, signal.SIGTERM)
        script.wait(timeout=60)
