"""Fixtures of the knowledge tests."""

import shutil
from pathlib import Path

import pytest

from bot.knowledge import knowledge_dir


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A copy of knowledge/ to break on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), target)
    return target
