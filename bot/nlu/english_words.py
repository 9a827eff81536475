"""English words customers mix into Chinese, read as our Chinese word before anything reads the
message: 「我家washing machine漏水了」 is read 「我家洗衣机漏水了」, 「手机no signal」 「手机无信号」.

The words are ``english_words`` of knowledge/vocabulary.yml (Chinese word → English spellings).
A spelling is matched whole (not inside a longer English word: ``washer`` is not in
``dishwasher``), in any case, longest first. The Chinese word is usually shorter than the English,
so every replacement is kept: ``typed_offset`` maps a position in the text as read back to the
text as typed, for the entities that ``TypedTextRestorer`` hands to the dialogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Replacement:
    """An English spelling replaced by our word: where, in the text as read and as typed."""

    start: int  # in the text as read
    read: str
    typed_start: int  # in the text as typed
    typed: str

    @property
    def end(self) -> int:
        return self.start + len(self.read)


class EnglishWords:
    """The spellings of knowledge/vocabulary.yml ``english_words`` and the Chinese they mean."""

    def __init__(self, words: Mapping[str, Iterable[str]]) -> None:
        self.meaning = {
            " ".join(str(spelling).lower().split()): str(word)
            for word, spellings in words.items()
            for spelling in spellings or ()
            if str(spelling).strip()
        }
        spellings = sorted(self.meaning, key=len, reverse=True)
        # a space in a spelling matches any run of spaces (「washing  machine」)
        alternatives = "|".join(r"\s+".join(map(re.escape, s.split())) for s in spellings)
        self.pattern = (
            re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)
            if alternatives
            else None
        )

    def translate(self, text: str) -> tuple[str, list[Replacement]]:
        """The text with every English spelling replaced by its Chinese word, and where."""
        if self.pattern is None or not re.search(r"[A-Za-z]", text):
            return text, []
        pieces: list[str] = []
        replacements: list[Replacement] = []
        typed_position = read_position = 0
        for match in self.pattern.finditer(text):
            before = text[typed_position : match.start()]
            pieces.append(before)
            read_position += len(before)
            word = self.meaning[" ".join(match.group().lower().split())]
            replacements.append(Replacement(read_position, word, match.start(), match.group()))
            pieces.append(word)
            read_position += len(word)
            typed_position = match.end()
        pieces.append(text[typed_position:])
        return "".join(pieces), replacements


def typed_offset(position: int, replacements: Sequence[Replacement], start: bool = False) -> int:
    """Where ``position`` of the text as read lies in the text as typed. Inside a replaced word it
    goes to the start of the English spelling when it is an entity's ``start`` (信号 of 无信号),
    else to its end."""
    shift = 0
    for replacement in replacements:
        if position <= replacement.start:
            break
        if position < replacement.end:
            return replacement.typed_start + (0 if start else len(replacement.typed))
        shift = replacement.typed_start + len(replacement.typed) - replacement.end
    return position + shift


@lru_cache(maxsize=1)
def english_words() -> EnglishWords:
    """knowledge/vocabulary.yml ``english_words``, read once."""
    from bot.knowledge.words import vocabulary_lists

    return EnglishWords(vocabulary_lists().get("english_words") or {})
