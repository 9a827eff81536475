"""Start the bot's real processes (action server, Rasa servers) on free ports: used by the
end-to-end tests and the benchmark. They run as ``make serve`` runs them: Rasa with
``--auth-token`` (``Servers.token``, sent as ``?token=``), the action server behind its token,
CORS only for the listed origins (``ALLOWED_ORIGINS``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
#: How long a Rasa server may take to load its model: 1-2 minutes alone, several on a busy machine
#: (RUNTIME_START_SECONDS to change it).
START_SECONDS = float(os.environ.get("RUNTIME_START_SECONDS") or 600)


#: Every simulated customer comes from 127.0.0.1: the limits per client address are lifted
#: unless a test sets them (tests/e2e/test_security.py does).
LOAD_TEST_LIMITS = {
    "RATE_LIMIT_ADDRESS_BURST": "100000",
    "RATE_LIMIT_ADDRESS_PER_SECOND": "100000",
    "NEW_CONVERSATIONS_BURST": "100000",
    "NEW_CONVERSATIONS_PER_HOUR": "1000000",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {seconds} s:\n{log.read_text()[-3000:]}")


def current_model() -> str:
    from bot.build import current_model as model

    return str(model())


class Servers:
    """A running action server + Rasa server pair."""

    def __init__(
        self,
        workdir: Path,
        env: dict[str, str] | None = None,
        credentials: str | None = None,
        stores: str = "",
    ):
        self.workdir = workdir
        from bot.security import action_token, api_token

        self.env = {
            **os.environ,
            **LOAD_TEST_LIMITS,
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",
            **(env or {}),
        }
        self.token = api_token()
        self.action_token = action_token()
        self.env.setdefault("RASA_TOKEN", self.token)
        self.env.setdefault("ACTION_SERVER_TOKEN", self.action_token)
        self.action_port = free_port()
        self.rasa_port = free_port()
        self.credentials = credentials or str(ROOT / "credentials.yml")
        self.processes: list[subprocess.Popen] = []
        self.stores = stores  # endpoints YAML for shared tracker / lock stores (replicas)
        self.start_seconds = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = self.workdir / f"{name}.log"
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def stop_actions(self) -> None:
        """Stop the action server (a crash or a deploy), keeping its port for a restart."""
        process = self.processes.pop(0)
        process.terminate()
        process.wait(timeout=20)

    def start_actions(self) -> None:
        process = self._spawn(
            "actions",
            [
                PYTHON,
                "-m",
                "bot.action_server",
                "--actions",
                "actions",
                "--port",
                str(self.action_port),
            ],
        )
        self.processes.insert(0, self.processes.pop())
        wait_for(
            f"http://127.0.0.1:{self.action_port}/health", 60, process, self.workdir / "actions.log"
        )

    def start_rasa(self) -> None:
        started = time.monotonic()
        self._rasa(self.rasa_port, self.workdir, self.env)
        self.start_seconds = time.monotonic() - started

    def start_extra_rasa(self, workdir: Path, env: dict[str, str]) -> str:
        """Another Rasa server on the same action server (another replica, or other settings)."""
        port = free_port()
        self._rasa(port, workdir, {**self.env, **env})
        return f"http://127.0.0.1:{port}"

    def restart_rasa(self) -> None:
        """Stop the Rasa server and start it again on the same port (a deploy or a crash); the
        second start may take long on a loaded machine, so it is given more time."""
        process = self.processes.pop()
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: do not wait for a graceful stop
            process.kill()
            process.wait(timeout=30)
        self._rasa(self.rasa_port, self.workdir, self.env, seconds=max(600.0, START_SECONDS))

    def _rasa(
        self, port: int, workdir: Path, env: dict[str, str], seconds: float = START_SECONDS
    ) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n  token: "{self.action_token}"\n{self.stores}'
        )
        origins = [
            "http://localhost:8080",
            "http://127.0.0.1:8080",
            *env.get("ALLOWED_ORIGINS", "").split(),
        ]
        log = workdir / f"rasa-{port}.log"
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "bot.server",
                "run",
                "--model",
                current_model(),
                "--enable-api",
                "--port",
                str(port),
                "--credentials",
                self.credentials,
                "--endpoints",
                str(endpoints),
                "--logging-config-file",
                str(ROOT / "config" / "logging.yml"),
                "--interface",
                "127.0.0.1",
                "--auth-token",
                self.token,
                "--cors",
                *origins,
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        wait_for(f"http://127.0.0.1:{port}/status?token={self.token}", seconds, process, log)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def say(self, sender: str, message: str) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            params={"token": self.token},
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def parse(self, text: str) -> dict:
        """What the NLU pipeline makes of ``text`` (Rasa's /model/parse)."""
        response = requests.post(
            f"{self.url}/model/parse", params={"token": self.token}, json={"text": text}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        return requests.get(
            f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=30
        ).json()


@contextmanager
def running_servers(workdir: Path, **kwargs) -> Iterator[Servers]:
    servers = Servers(workdir, **kwargs)
    try:
        servers.start_actions()
        servers.start_rasa()
        yield servers
    finally:
        servers.stop()
