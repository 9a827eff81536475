"""Rasa's own checks on the project: data validation and conversation tests."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.servers import ROOT, current_model

ENV = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false")


def rasa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=cwd, env=ENV, capture_output=True, text=True
    )


@pytest.mark.slow  # starts Rasa's command line: about 15 s
def test_rasa_data_validate_finds_no_errors():
    result = rasa(
        "data", "validate", "--domain", "domain", "--data", "data", "--config", "config.yml"
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


@pytest.mark.slow
def test_conversation_stories_pass_without_prediction_errors(tmp_path):
    result = rasa(
        "test",
        "core",
        "--model",
        current_model(),
        "--stories",
        "tests/conversations",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-3000:] + result.stderr[-3000:]
