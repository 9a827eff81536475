"""The layers of docs/architecture.md are checked, not only described: the import contracts of
``.importlinter`` hold, every layer of the table has its contract, and every module is named in
its layer's row.

A module's row is the row whose first column names its file (``bot/server.py``), else the row
of the nearest folder that holds it (``bench/converse/`` before ``bench/``). That row names the
module by its file name in backquotes (`repository.py`), or names a folder between the row's and
the module (`migrations/`). ``__init__.py`` and ``__main__.py`` are their package: its row, if
it has one, stands for them (``bot/`` has none: its modules have theirs)."""

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "actions", "eval", "bench", "harness")
PACKAGE_ITSELF = ("__init__.py", "__main__.py")


def layer_table() -> list[tuple[list[str], str]]:
    """The table's rows: the paths of the first column (``bot/tickets/``, ``bot/sms.py``), the rest."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = (
        text.split("## Layers (imports point down only)", 1)[1]
        .split("\n\n| layer |", 1)[1]
        .split("\n\n", 1)[0]
    )
    rows = []
    for line in table.splitlines()[2:]:
        first, rest = re.split(r"(?<!\\)\|", line.strip("|"), maxsplit=1)
        rows.append((re.findall(r"`([^`]+)`", first), rest))
    return rows


def layer_rows() -> dict[str, str]:
    """Each path of the first column → its row's text."""
    return {path: rest for paths, rest in layer_table() for path in paths}


def row_of(module: str, rows: dict[str, str]) -> str | None:
    if module in rows:
        return module
    folder = module
    while "/" in folder:
        folder = folder.rsplit("/", 1)[0]
        if folder + "/" in rows:
            return folder + "/"
    return None


def names(row: str, module: str, rows: dict[str, str]) -> bool:
    if row == module or Path(module).name in PACKAGE_ITSELF:
        return True
    inside = module[len(row) :].split("/")
    named = {"/".join(inside[: i + 1]) + "/" for i in range(len(inside) - 1)} | {inside[-1]}
    return any(f"`{name}`" in rows[row] for name in named)


def modules() -> list[str]:
    found = [
        p.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for p in (ROOT / package).rglob("*.py")
    ]
    return sorted(m for m in found if "__pycache__" not in m)


def test_the_import_contracts_hold():
    """``lint-imports`` over .importlinter; its report names every import that breaks a contract."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / ".importlinter"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_module_is_named_in_its_row_of_the_layer_table():
    rows = layer_rows()
    unplaced = [
        m for m in modules() if row_of(m, rows) is None and Path(m).name not in PACKAGE_ITSELF
    ]
    assert not unplaced, f"modules without a row in docs/architecture.md's layer table: {unplaced}"
    unnamed = [m for m in modules() if row_of(m, rows) and not names(row_of(m, rows), m, rows)]
    assert not unnamed, f"modules their row of the layer table does not name: {unnamed}"


def test_every_module_a_row_names_is_there():
    rows = layer_rows()
    placed: dict[str, set] = {}
    for module in modules():
        placed.setdefault(row_of(module, rows), set()).add(Path(module).name)
    missing = [
        f"{row}: {name}"
        for row, text in rows.items()
        if row.endswith("/")
        for name in re.findall(r"`(\w+\.py)`", text)
        if name not in placed.get(row, set())
    ]
    assert not missing, f"the layer table names modules that are not in their layer: {missing}"


def test_every_row_of_the_layer_table_has_its_contract():
    """A contract is named after its row: the row's paths as the first column lists them, a colon."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    contracts = [
        config[section]["name"]
        for section in config.sections()
        if section.startswith("importlinter:contract:")
    ]
    rows = [", ".join(paths) for paths, _ in layer_table()]
    assert rows and len(rows) == len(set(rows))
    without = [row for row in rows if not any(name.startswith(f"{row}:") for name in contracts)]
    assert not without, f"layers of the table without a contract in .importlinter: {without}"
