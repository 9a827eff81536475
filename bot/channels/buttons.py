"""Buttons on channels that cannot show them: a numbered list, answered by number.

Used by the terminal chat and by WeChat: the last offered buttons are remembered, and a reply
that is just a number picks the matching button's payload.
"""

from __future__ import annotations


class ButtonMenu:
    def __init__(self) -> None:
        self._buttons: list[dict[str, str]] = []

    def offer(self, buttons: list[dict[str, str]]) -> None:
        if buttons:
            self._buttons = list(buttons)

    def clear(self) -> None:
        self._buttons = []

    def choice(self, text: str) -> dict[str, str] | None:
        return pick(self._buttons, text)

    def resolve(self, text: str) -> str:
        """The payload of the chosen button, or the text itself."""
        button = self.choice(text)
        return button.get("payload") or button.get("title") or text if button else text


def is_choice(text: str) -> bool:
    """A reply that is just a button number ("1" … "99")."""
    text = text.strip()
    return text.isdigit() and len(text) <= 2


def pick(buttons: list[dict[str, str]], text: str) -> dict[str, str] | None:
    """The button a reply of just its number picks, or None (the one picker of every channel)."""
    if not is_choice(text):
        return None
    index = int(text.strip())
    return buttons[index - 1] if 1 <= index <= len(buttons) else None


def numbered(buttons: list[dict[str, str]]) -> str:
    return "\n".join(f"{i}. {b.get('title')}" for i, b in enumerate(buttons, start=1))


def with_numbered_buttons(text: str, buttons: list[dict[str, str]]) -> str:
    """A message and its buttons as text: the numbered list after 「回复数字选择」."""
    listed = "回复数字选择：\n" + numbered(buttons) if buttons else ""
    return "\n\n".join(part for part in (text, listed) if part)
