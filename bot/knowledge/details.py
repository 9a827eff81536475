"""The words that tell where an exact detail is in a message (``knowledge/details.yml``):
surnames and the words around names, street and district endings, product words that count
only in context, the words that make a date the purchase date."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.loader import knowledge_dir


@dataclass(frozen=True)
class ContextWord:
    word: str  # 机子
    product: str  # phone
    when_any: tuple[str, ...]  # it is that product when the message has one of these
    when_shapes: tuple[str, ...] = ()  # ...or a value of one of these shapes (phone_model)
    alone: tuple[str, ...] = ()  # the message is about that product even without the word


@dataclass(frozen=True)
class DetailWords:
    compound_surnames: tuple[str, ...]
    surnames: tuple[str, ...]
    before_name: tuple[str, ...]
    before_surname: tuple[str, ...]
    titles: tuple[str, ...]
    familiar: tuple[str, ...]
    not_in_name: str
    street_suffixes: tuple[str, ...]
    district_suffixes: tuple[str, ...]
    before_place: tuple[str, ...]
    context_words: dict[str, ContextWord]
    not_products: tuple[str, ...]
    purchase_words: tuple[str, ...]

    def cued_products(self, text: str) -> set[str]:
        """The products a message is about by its context alone (「无服务，信号差」 is a phone's,
        without the word 手机): those of the context words whose ``alone`` cues it has."""
        return {
            rule.product
            for rule in self.context_words.values()
            if any(_says(cue, text) for cue in rule.alone)
        }


def _says(cue: str, text: str) -> bool:
    """``cue`` in ``text``; a Latin one as a word of its own (the 5G of 35GW is no network)."""
    if cue.isascii():
        return (
            re.search(rf"(?<![a-z0-9]){re.escape(cue.lower())}(?![a-z0-9])", text.lower())
            is not None
        )
    return cue in text


def _words(raw: Any) -> tuple[str, ...]:
    """Unique, longest first (so 联系人是 is tried before 联系人)."""
    return tuple(sorted({str(w) for w in (raw or [])}, key=lambda w: (-len(w), w)))


def parse_details(raw: Mapping[str, Any]) -> DetailWords:
    """``details.yml`` as read from YAML (sections missing or empty are empty)."""
    names: Mapping[str, Any] = raw.get("names") or {}
    places: Mapping[str, Any] = raw.get("places") or {}
    products: Mapping[str, Any] = raw.get("products") or {}
    purchases: Mapping[str, Any] = raw.get("purchases") or {}
    context = {
        str(word): ContextWord(
            str(word),
            str(spec["product"]),
            _words(spec.get("when_any")),
            _words(spec.get("when_shapes")),
            _words(spec.get("alone")),
        )
        for word, spec in (products.get("context_words") or {}).items()
    }
    return DetailWords(
        compound_surnames=_words(names.get("compound_surnames")),
        surnames=_words(names.get("surnames")),
        before_name=_words(names.get("before_name")),
        before_surname=_words(names.get("before_surname")),
        titles=_words(names.get("titles")),
        familiar=_words(names.get("familiar")),
        not_in_name=str(names.get("not_in_name") or ""),
        street_suffixes=_words(places.get("street_suffixes")),
        district_suffixes=_words(places.get("district_suffixes")),
        before_place=_words(places.get("before_place")),
        context_words=context,
        not_products=_words(products.get("not_products")),
        purchase_words=_words(purchases.get("clause_words")),
    )


def load_details(directory: Path | None = None) -> DetailWords:
    path = Path(directory or knowledge_dir()) / "details.yml"
    return parse_details(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


@lru_cache(maxsize=1)
def get_details() -> DetailWords:
    """The detail words of this process, loaded once."""
    return load_details()
