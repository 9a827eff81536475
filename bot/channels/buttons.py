"""Buttons on channels that cannot show them: a numbered list, answered by number.

Used by the terminal chat and by WeChat: the last offered buttons are remembered, and a reply
that is just a number picks the matching button's payload.
"""
from __future__ import annotations

from typing import Dict, List, Optional


class ButtonMenu:
    def __init__(self) -> None:
        self._buttons: List[Dict[str, str]] = []

    def offer(self, buttons: List[Dict[str, str]]) -> None:
        if buttons:
            self._buttons = list(buttons)

    def clear(self) -> None:
        self._buttons = []

    def choice(self, text: str) -> Optional[Dict[str, str]]:
        text = text.strip()
        if text.isdigit() and len(text) <= 2:
            index = int(text)
            if 1 <= index <= len(self._buttons):
                return self._buttons[index - 1]
        return None

    def resolve(self, text: str) -> str:
        """The payload of the chosen button, or the text itself."""
        button = self.choice(text)
        return button.get("payload") or button.get("title") or text if button else text


def numbered(buttons: List[Dict[str, str]]) -> str:
    return "\n".join(f"{i}. {b.get('title')}" for i, b in enumerate(buttons, start=1))
