"""Real-customer test sets: our labels over public text, read from local copies of the corpora.

The project holds no corpus text. ``tests/nlu/real/<set>.yml`` lists each set's sources (public
repository, commit, path, how to read a row) and its items (source, row, our labels). The texts
are read at evaluation time from ``<corpora_dir>/OWNER+NAME``, any git repository (bare or not)
that contains the commit, with ``git show COMMIT:PATH``. A missing copy raises
:class:`MissingCorpus`, whose message says what to clone.

    python -m eval.corpora --check [DIR]   # each set, its size, missing corpora
    python -m eval.corpora --freeze        # sha256 over tests/nlu/real/ (recorded in README)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import io
import json
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: where the labels live (one YAML file per set)
LABELS_DIR = ROOT / "tests" / "nlu" / "real"
#: where local copies of the corpora live by default (git-ignored); ``make nlu-eval REAL_CORPORA=DIR``
DEFAULT_CORPORA_DIR = ROOT / "var" / "corpora"
#: the sets, in the order reports list them
SET_NAMES: tuple[str, ...] = ("customers", "other_complaints", "everyday")
#: the entity types an item may carry, with the values allowed where they are a closed list
ENTITY_VALUES: dict[str, tuple[str, ...] | None] = {
    "product": ("tv", "fridge", "ac", "washer", "phone"),
    "model": None,
    "error_code": None,
}
FORMATS = ("csv", "conll", "dialogues")


@dataclass(frozen=True)
class RealMessage:
    """One real message and what the bot should understand from it."""

    text: str
    intent: str
    also: tuple[str, ...]
    ref: str
    entities: tuple[tuple[str, str], ...]


class MissingCorpus(Exception):
    """A corpus a set needs is not in the corpora directory (or lacks the commit)."""

    def __init__(self, missing: Sequence[tuple[str, str]], corpora_dir: Path):
        self.missing = list(missing)
        self.corpora_dir = Path(corpora_dir)
        super().__init__(clone_instructions(self.missing, self.corpora_dir))


def clone_instructions(missing: Sequence[tuple[str, str]], corpora_dir: Path) -> str:
    lines = ["Missing public corpora (the real-customer test sets read their texts from them):"]
    for repo, commit in missing:
        target = Path(corpora_dir) / repo_dir_name(repo)
        lines.append(
            f"  git clone https://github.com/{repo} {target}   # commit {commit} must be present"
        )
    lines.append(
        "(Any clone holding those commits works, bare or not; a shallow clone may lack "
        "an older commit: then `git -C DIR fetch origin COMMIT`.)"
    )
    return "\n".join(lines)


def repo_dir_name(repo: str) -> str:
    owner, name = repo.split("/")
    return f"{owner}+{name}"


@dataclass(frozen=True)
class Source:
    id: str
    repo: str
    commit: str
    path: str
    format: str
    column: str = ""
    header: bool = True
    tag_columns: int = 1
    joiner: str = ""
    clean: tuple[str, ...] = ()
    member: str = ""
    role: str = ""

    def ref(self, row: int) -> str:
        return f"{self.repo}@{self.commit}:{self.path}#{row}"


@dataclass(frozen=True)
class Item:
    source: str
    row: int
    intent: str
    also: tuple[str, ...] = ()
    entities: tuple[tuple[str, str], ...] = ()


@dataclass
class LabelSet:
    name: str
    sources: dict[str, Source]
    items: list[Item] = field(default_factory=list)


def read_labels(name: str, labels_dir: Path = LABELS_DIR) -> LabelSet:
    """The set's sources and items as committed (no corpus needed)."""
    if name not in SET_NAMES and labels_dir == LABELS_DIR:
        raise KeyError(f"unknown set {name!r}; sets: {', '.join(SET_NAMES)}")
    doc = yaml.safe_load((Path(labels_dir) / f"{name}.yml").read_text(encoding="utf-8"))
    sources = {}
    for s in doc["sources"]:
        sources[s["id"]] = Source(
            id=s["id"],
            repo=s["repo"],
            commit=str(s["commit"]),
            path=s["path"],
            format=s["format"],
            column=str(s.get("column", "")),
            header=bool(s.get("header", True)),
            tag_columns=int(s.get("tag_columns", 1)),
            joiner=str(s.get("joiner", "")),
            clean=tuple(s.get("clean", ())),
            member=str(s.get("member", "")),
            role=str(s.get("role", "")),
        )
    items = [
        Item(
            source=i["source"],
            row=int(i["row"]),
            intent=i["intent"],
            also=tuple(i.get("also") or ()),
            entities=tuple((str(t), str(v)) for t, v in (i.get("entities") or ())),
        )
        for i in doc.get("items") or ()
    ]
    return LabelSet(name=name, sources=sources, items=items)


def load_set(
    name: str, corpora_dir: Path = DEFAULT_CORPORA_DIR, labels_dir: Path = LABELS_DIR
) -> list[RealMessage]:
    """The set's messages with their texts, read from the local copies in ``corpora_dir``.

    Raises :class:`MissingCorpus` (naming every repository and commit to clone) when a copy is
    missing, before reading anything."""
    labels = read_labels(name, labels_dir)
    corpora_dir = Path(corpora_dir)
    used = [labels.sources[s] for s in dict.fromkeys(i.source for i in labels.items)]
    missing = missing_corpora(used, corpora_dir)
    if missing:
        raise MissingCorpus(missing, corpora_dir)
    rows: dict[str, list[str]] = {}
    messages = []
    for item in labels.items:
        source = labels.sources[item.source]
        if source.id not in rows:
            rows[source.id] = read_rows(source, corpora_dir)
        texts = rows[source.id]
        if not 0 <= item.row < len(texts):
            raise IndexError(f"{source.ref(item.row)}: the file has {len(texts)} rows")
        messages.append(
            RealMessage(
                text=texts[item.row],
                intent=item.intent,
                also=item.also,
                ref=source.ref(item.row),
                entities=item.entities,
            )
        )
    return messages


def missing_corpora(sources: Iterable[Source], corpora_dir: Path) -> list[tuple[str, str]]:
    missing = []
    for source in sources:
        if (source.repo, source.commit) in missing:
            continue
        if not has_commit(Path(corpora_dir) / repo_dir_name(source.repo), source.commit):
            missing.append((source.repo, source.commit))
    return missing


def has_commit(repo_dir: Path, commit: str) -> bool:
    if not repo_dir.is_dir():
        return False
    done = subprocess.run(
        ["git", "-C", str(repo_dir), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True
    )
    return done.returncode == 0


def git_show(repo_dir: Path, commit: str, path: str) -> bytes:
    done = subprocess.run(
        ["git", "-C", str(repo_dir), "show", f"{commit}:{path}"], capture_output=True
    )
    if done.returncode != 0:
        raise FileNotFoundError(
            f"{repo_dir}: no {path} at {commit}: {done.stderr.decode(errors='replace').strip()}"
        )
    return done.stdout


def read_rows(source: Source, corpora_dir: Path) -> list[str]:
    """Every row's text of one source file, in the file's order (row = index in this list)."""
    raw = git_show(Path(corpora_dir) / repo_dir_name(source.repo), source.commit, source.path)
    if source.member:  # a file inside a zip archive
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = archive.read(source.member)
    text = raw.decode("utf-8-sig")
    if source.format == "csv":
        rows = parse_csv(text, source)
    elif source.format == "conll":
        rows = parse_conll(text, source)
    elif source.format == "dialogues":
        rows = parse_dialogues(text, source)
    else:
        raise ValueError(f"{source.id}: unknown format {source.format!r}; known: {FORMATS}")
    return [clean(r, source.clean) for r in rows]


def parse_csv(text: str, source: Source) -> list[str]:
    """CSV (RFC 4180 quoting, any line ending); row 0 is the first record after the header line,
    blank lines are no records."""
    records = [r for r in csv.reader(io.StringIO(text)) if r]
    if not source.header:
        return [r[int(source.column)] if r else "" for r in records]
    head, body = records[0], records[1:]
    col = head.index(source.column)
    return [r[col] if len(r) > col else "" for r in body]


def parse_conll(text: str, source: Source) -> list[str]:
    """One token a line followed by its tag columns (separated by one space; a token may itself be
    a space), a blank line ends a sentence; row 0 is the first sentence. The sentence is its tokens
    joined with ``joiner``."""
    sentences: list[str] = []
    tokens: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if tokens:
                sentences.append(source.joiner.join(tokens))
                tokens = []
            continue
        tokens.append(line.rstrip("\r\n").rsplit(" ", source.tag_columns)[0])
    if tokens:
        sentences.append(source.joiner.join(tokens))
    return sentences


def parse_dialogues(text: str, source: Source) -> list[str]:
    """A JSON object of dialogues, each with a ``messages`` list of ``{"role", "content"}``; the
    rows are the messages of ``role`` (e.g. the user's turns) in file order, row 0 the first."""
    dialogues = json.loads(text)
    return [
        m[source.column or "content"]
        for d in dialogues.values()
        for m in d["messages"]
        if m.get("role") == source.role
    ]


def clean(text: str, steps: Sequence[str]) -> str:
    """Undo what a crawler did to the customer's text: HTML entities, newlines written as ``\\n``."""
    for step in steps:
        if step == "html_entities":
            text = html.unescape(text)
        elif step == "literal_newlines":
            text = text.replace("\\n", "\n")
        else:
            raise ValueError(f"unknown cleaning step {step!r}")
    return text.strip()


def freeze_hash(labels_dir: Path = LABELS_DIR) -> str:
    """sha256 over every file under the labels directory (relative path and bytes, sorted)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(labels_dir).rglob("*") if p.is_file()):
        digest.update(path.relative_to(labels_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def check(corpora_dir: Path, out=sys.stdout) -> int:
    """Print each set, its size by label and the corpora it lacks; 1 when any is missing."""
    all_missing: list[tuple[str, str]] = []
    for name in SET_NAMES:
        labels = read_labels(name)
        counts = Counter(i.intent for i in labels.items)
        used = [labels.sources[s] for s in dict.fromkeys(i.source for i in labels.items)]
        missing = missing_corpora(used, corpora_dir)
        state = "ok" if not missing else f"MISSING {len(missing)} corpora"
        print(f"{name}: {len(labels.items)} messages from {len(used)} files ({state})", file=out)
        for intent, n in counts.most_common():
            print(f"  {n:5d}  {intent}", file=out)
        all_missing += [m for m in missing if m not in all_missing]
    if all_missing:
        print(clone_instructions(all_missing, corpora_dir), file=out)
        return 1
    for name in SET_NAMES:  # every row must be readable, not only every repository present
        load_set(name, corpora_dir)
    print(f"all sets readable from {corpora_dir}", file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.corpora", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--check",
        nargs="?",
        const=str(DEFAULT_CORPORA_DIR),
        metavar="DIR",
        help="list each set, its size and any missing corpora (default DIR: var/corpora)",
    )
    parser.add_argument(
        "--freeze",
        action="store_true",
        help="print the sha256 over tests/nlu/real/ (the frozen test sets)",
    )
    args = parser.parse_args(argv)
    if args.freeze:
        print(freeze_hash())
        return 0
    if args.check:
        return check(Path(args.check))
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
