"""How customer text is cut, beyond jieba: the rules both tokenizers of the project follow
(the spaCy pipeline's and ``ChineseTokenizer``).

- Codes stay whole: product models (55E3F, KFR-35GW/E500-A1), ticket numbers
  (HX20261127-10E9-NT83), phone numbers (0532-88886666).
- A title comes off a surname: jieba keeps 马先生 / 李女士 whole, but the surname is the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Letters/digits joined by - / + . _ : 55E3F, KFR-35GW/E500-A1, HX20261127-10E9-NT83, 4006-100-100.
CODE_PATTERN = re.compile(r"[A-Za-z0-9]+(?:[-/+._][A-Za-z0-9]+)*\+?")


#: 马先生, 欧阳女士, 李小姐: (surname)(title)
TITLED_SURNAME = re.compile(r"^(\w{1,2}?)(先生|女士|小姐)$")


def split_title(word: str) -> tuple[str, str] | None:
    """(surname, title) for 马先生; None for a word that is not a titled surname."""
    match = TITLED_SURNAME.match(word)
    return (match.group(1), match.group(2)) if match and match.group(1) else None


def split_codes(text: str) -> Iterator[tuple[str, int, bool]]:
    """Yield (piece, start, is_code) covering ``text`` in order."""
    position = 0
    for match in CODE_PATTERN.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], position, False
        yield match.group(), match.start(), True
        position = match.end()
    if position < len(text):
        yield text[position:], position, False
