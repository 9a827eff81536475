"""The review inbox (``bin/staff review``): messages the bot did not act on confidently, grouped by
similar text, labelled by staff and written to ``data/nlu/reviewed.yml`` for the next training.

Items come from the event stream (``bot.events``); texts are masked there already and masked
again before they are written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from bot.logs import mask_mobiles
from bot.tickets.database import PROJECT_ROOT
from bot.tickets.orm import review_items

REVIEWED = PROJECT_ROOT / "data" / "nlu" / "reviewed.yml"
#: Two texts whose character 1–3-gram TF-IDF vectors are at least this similar share a cluster.
SIMILAR = 0.35
OUT_OF_SCOPE = "out_of_scope"
LABEL_KINDS = ("intent", "out_of_scope", "answer")
#: Why an item is in the inbox, as staff read it (codes of ``bot.events.review``).
REASONS = {
    "clarify": "反问",
    "fallback": "没把握",
    "none_of_these": "都不是",
    "unreadable_twice": "两次没看懂",
    "wrong_fault": "说不对",
    "handoff_after_failures": "失败后转人工",
}


@dataclass(frozen=True)
class Item:
    id: int
    conversation_id: str
    text: str
    guesses: list[dict]
    reasons: list[str]
    channel: str | None
    at: datetime
    label_kind: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Cluster:
    items: list[Item]

    @property
    def id(self) -> int:  # the cluster is named after its oldest item
        return min(item.id for item in self.items)


def clusters(items: Sequence[Item], similar: float = SIMILAR) -> list[Cluster]:
    """Items grouped by similar text (character n-grams, each item joins the most similar
    cluster's first member above ``similar``), largest cluster first."""
    if not items:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    ordered = sorted(items, key=lambda i: i.id)
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit_transform(
        [i.text for i in ordered]
    )
    groups: list[list[int]] = []
    for index in range(len(ordered)):
        best, best_score = None, similar
        for number, group in enumerate(groups):
            score = float((vectors[index] @ vectors[group[0]].T).toarray()[0, 0])
            if score >= best_score:
                best, best_score = number, score
        if best is None:
            groups.append([index])
        else:
            groups[best].append(index)
    found = [Cluster([ordered[i] for i in group]) for group in groups]
    return sorted(found, key=lambda c: (-len(c.items), c.id))


def _item(row) -> Item:
    return Item(
        row.id,
        row.conversation_id,
        row.text,
        row.guesses or [],
        row.reasons or [],
        row.channel,
        row.at,
        row.label_kind,
        row.label,
    )


def load_items(
    connection: Connection, labelled: bool | None = False, since: datetime | None = None
) -> list[Item]:
    query = select(review_items).order_by(review_items.c.id)
    if labelled is not None:
        query = query.where(
            review_items.c.label_kind.isnot(None)
            if labelled
            else review_items.c.label_kind.is_(None)
        )
    if since is not None:
        query = query.where(review_items.c.at >= since)
    return [_item(row) for row in connection.execute(query)]


def label(
    connection: Connection, ids: Iterable[int], kind: str, value: str | None, by: str, at: datetime
) -> int:
    """Label items: ``kind`` is intent / out_of_scope / answer (``value`` the intent or the answer's key)."""
    if kind not in LABEL_KINDS:
        raise ValueError(kind)
    return connection.execute(
        update(review_items)
        .where(review_items.c.id.in_(list(ids)))
        .values(
            label_kind=kind,
            label=value if kind != OUT_OF_SCOPE else OUT_OF_SCOPE,
            labelled_by=by,
            labelled_at=at,
        )
    ).rowcount


def plain(example: str) -> str:
    """A training example without Rasa's entity annotations: [空调](product) -> 空调."""
    return re.sub(
        r"\[([^\]]+)\]\((?:[^)]+)\)|\[([^\]]+)\]\{[^}]+\}",
        lambda m: m.group(1) or m.group(2),
        example,
    ).strip()


def training_examples(nlu_dir: Path, skip: Path) -> set[str]:
    """Every example already in the training data (any intent), without annotations."""
    known: set[str] = set()
    for path in sorted(nlu_dir.glob("*.yml")):
        if path.resolve() == skip.resolve():
            continue
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    known.add(plain(line.strip()[2:]))
    return known


def read_reviewed(path: Path) -> dict[str, list[str]]:
    if not path.exists():
        return {}
    blocks = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []
    return {
        block["intent"]: [
            line.strip()[2:]
            for line in str(block.get("examples") or "").splitlines()
            if line.strip().startswith("- ")
        ]
        for block in blocks
        if block.get("intent")
    }


def reviewed_yaml(examples: dict[str, list[str]]) -> str:
    lines = [
        'version: "3.1"',
        "",
        "# Written by `bin/staff review` from labelled review items (mobiles masked).",
        "# Edit with the tool; the next `make setup` trains on it.",
        "nlu:",
    ]
    for intent in sorted(examples):
        if not examples[intent]:
            continue
        lines += [f"- intent: {intent}", "  examples: |"] + [
            f"    - {text}" for text in examples[intent]
        ]
    return "\n".join(lines) + "\n"


def clean_example(text: str) -> str:
    return re.sub(r"\s+", " ", mask_mobiles(text)).strip()


def _first_time(text: str, seen: set[str]) -> bool:
    """True the first time ``text`` is met (and remembered in ``seen``)."""
    if text in seen:
        return False
    seen.add(text)
    return True


def write_reviewed(labelled: Sequence[Item], path: Path = REVIEWED) -> int:
    """Merge the labelled items into ``path`` (Rasa's NLU format): masked, each text once, and
    never a text the rest of the training data already has. Returns the number of examples."""
    examples = read_reviewed(path)
    known = training_examples(path.parent, path)
    seen: set[str] = set()
    for intent in list(examples):
        examples[intent] = [
            t for t in (clean_example(t) for t in examples[intent]) if t and _first_time(t, seen)
        ]
    for item in labelled:
        text = clean_example(item.text)
        if not text or text.startswith("/") or not item.label or text in seen or text in known:
            continue
        seen.add(text)
        examples.setdefault(item.label, []).append(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reviewed_yaml(examples), encoding="utf-8")
    return sum(len(v) for v in examples.values())
