"""A jieba tokenizer for customer messages: whitespace dropped, codes kept whole.

Rasa's ``JiebaTokenizer`` returns whitespace as tokens, which breaks DIET training on mixed
Chinese/English text (RasaHQ/rasa#7910). It also lets jieba cut product models such as
``KFR-35GW/E500-A1`` at the slash. This subclass keeps every run of Latin letters and digits
(with the joiners used in model numbers, ticket numbers and phone numbers) as one token, cuts
the Chinese between them with jieba, splits a title off a surname (马|先生) and drops whitespace.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.segmentation import split_codes, split_title


def tokenize_text(text: str) -> list[tuple[str, int]]:
    """(token, start) pairs for ``text``: codes whole, Chinese by jieba, no whitespace."""
    import jieba

    tokens: list[tuple[str, int]] = []
    for piece, start, is_code in split_codes(text):
        if is_code:
            tokens.append((piece, start))
            continue
        for word, offset, _end in jieba.tokenize(piece):
            if not word.strip():
                continue
            titled = split_title(word)
            if titled:
                surname, title = titled
                tokens.append((surname, start + offset))
                tokens.append((title, start + offset + len(surname)))
            else:
                tokens.append((word, start + offset))
    return tokens


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class ChineseTokenizer(JiebaTokenizer):
    """``JiebaTokenizer`` without whitespace tokens and with model numbers kept whole."""

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        tokens = [Token(word, start) for word, start in tokenize_text(text)]
        return self._apply_token_pattern(tokens)
