"""What the current pipeline costs against the commit issue 18 started from, measured in the same run.

The starting commit is exported with ``git archive`` into a temporary folder and trained there
with the same virtualenv (``eval/cost_probe.py`` in a subprocess, so its own components are
used); its training time and parse time per message are compared with those of ``ours`` (seed
42) of the same run, on the same held-out messages.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from bot.build import ROOT
from eval.report import table

#: The commit issue 18 started from.
STARTING_COMMIT = "8c584e0"
PROBE = Path(__file__).with_name("cost_probe.py")


@dataclass(frozen=True)
class Measurement:
    label: str
    train_seconds: float
    parse_ms: float


def export_commit(commit: str, destination: Path, repository: Path = ROOT) -> Path:
    """The files of ``commit`` of ``repository`` written under ``destination`` (git archive)."""
    archive = subprocess.run(
        ["git", "-C", str(repository), "archive", "--format=tar", commit],
        check=True,
        capture_output=True,
    ).stdout
    destination.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(destination)
    return destination


def probe(tree: Path, texts: Sequence[str], label: str) -> Measurement:
    """Train ``tree``'s config.yml in a subprocess and parse ``texts`` with it."""
    texts_file = tree / "probe-texts.json"
    texts_file.write_text(json.dumps(list(texts), ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tree), "RASA_TELEMETRY_ENABLED": "false"}
    # run from the tree by path with -c, so that sys.path starts with the tree, not with eval/
    command = (
        f"import runpy, sys; sys.argv[1:] = {[str(texts_file), str(tree / 'models')]!r}; "
        f"runpy.run_path({str(PROBE)!r}, run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", command],
        cwd=tree,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return Measurement(label, figures["train_seconds"], figures["parse_ms"])


def measure_commit(commit: str, texts: Sequence[str]) -> Measurement:
    with tempfile.TemporaryDirectory(prefix="nlu-eval-baseline-") as folder:
        tree = export_commit(commit, Path(folder) / "tree")
        return probe(tree, texts, f"starting commit {commit}")


def render_cost(current: Measurement, baseline: Measurement) -> str:
    rows = [
        [
            "training time (s)",
            f"{current.train_seconds:.0f}",
            f"{baseline.train_seconds:.0f}",
            f"{current.train_seconds - baseline.train_seconds:+.0f}",
        ],
        [
            "parse time (ms/message)",
            f"{current.parse_ms:.2f}",
            f"{baseline.parse_ms:.2f}",
            f"{current.parse_ms - baseline.parse_ms:+.2f}",
        ],
    ]
    return f"Cost against the {baseline.label}, same run, same machine\n" + table(
        ["", current.label, baseline.label, "extra"], rows
    )
