"""Start the real action server and Rasa server for end-to-end tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import requests

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
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

    def __init__(self, workdir: Path, env: Optional[Dict[str, str]] = None, credentials: Optional[str] = None):
        self.workdir = workdir
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", **(env or {}))
        self.action_port = free_port()
        self.rasa_port = free_port()
        self.credentials = credentials or str(ROOT / "credentials.yml")
        self.processes: List[subprocess.Popen] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def _spawn(self, name: str, args: List[str]) -> subprocess.Popen:
        log = self.workdir / f"{name}.log"
        process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def start_actions(self) -> None:
        process = self._spawn("actions", [PYTHON, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)])
        wait_for(f"http://127.0.0.1:{self.action_port}/health", 60, process, self.workdir / "actions.log")

    def start_rasa(self) -> None:
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n')
        process = self._spawn(
            "rasa",
            [PYTHON, "-m", "rasa", "run", "--model", current_model(), "--enable-api", "--port", str(self.rasa_port),
             "--credentials", self.credentials, "--endpoints", str(endpoints)],
        )
        wait_for(f"{self.url}/status", 240, process, self.workdir / "rasa.log")

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def say(self, sender: str, message: str) -> List[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        return requests.get(f"{self.url}/conversations/{sender}/tracker", timeout=30).json()


@contextmanager
def running_servers(workdir: Path, **kwargs) -> Iterator[Servers]:
    servers = Servers(workdir, **kwargs)
    try:
        servers.start_actions()
        servers.start_rasa()
        yield servers
    finally:
        servers.stop()
