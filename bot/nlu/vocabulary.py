"""The jieba user dictionary, generated from the knowledge base.

Product synonyms (``knowledge/products.yml``), city names (``knowledge/cities.yml``) and fault
vocabulary (``knowledge/vocabulary.yml``) are the single source. ``make setup`` writes them to
a dictionary folder for ``ChineseTokenizer`` (Rasa's ``dictionary_path`` must be a directory),
and the spaCy pipeline carries the same words (``bot/nlu/spacy_pipeline.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from bot.knowledge import KnowledgeBase, knowledge_dir, load_knowledge

#: jieba frequency given to our words: high enough to win over the built-in dictionary.
WORD_FREQUENCY = 2000


def vocabulary_words(
    knowledge: KnowledgeBase | None = None, directory: Path | None = None
) -> list[str]:
    knowledge = knowledge or load_knowledge(directory)
    path = (directory or knowledge_dir()) / "vocabulary.yml"
    extra: Iterable[str] = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(
        "words"
    ) or []
    cities = [name for city in knowledge.cities.values() for name in city.names]
    words = list(knowledge.synonym_map()) + cities + [str(w) for w in extra]
    # Latin-only words (TV, HDMI) are kept whole by the tokenizer already.
    return sorted({w for w in words if w.strip() and not w.isascii()})


def write_user_dictionary(target_dir: Path, words: Iterable[str]) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / "userdict.txt"
    content = "".join(f"{word} {WORD_FREQUENCY}\n" for word in words)
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        path.write_text(content, encoding="utf-8")
    return path
