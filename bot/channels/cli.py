"""Terminal chat for the team: ``make chat``.

Loads the trained model in this process (the action server runs beside it) and prints the
bot's buttons as numbered choices; typing the number picks the button.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import uuid
from typing import Any

from bot.channels.buttons import ButtonMenu

os.environ.setdefault(
    "TF_CPP_MIN_LOG_LEVEL", "3"
)  # keep TensorFlow's start-up chatter out of the chat

PROMPT = "您："
HELP = "输入文字和客服小海聊天；有选项时输入序号即可选择。/restart 重新开始，/quit 或 Ctrl-D 退出。"


def render(message: dict[str, Any]) -> str:
    lines: list[str] = []
    if message.get("text"):
        lines.append(f"小海：{message['text']}")
    for index, button in enumerate(message.get("buttons") or [], start=1):
        lines.append(f"    {index}) {button.get('title')}")
    return "\n".join(lines)


async def chat(model: str, actions_url: str | None) -> None:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    from bot.server import apply_fixes

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    apply_fixes()

    print("正在加载模型…", flush=True)
    from bot.security import action_token

    endpoint = EndpointConfig(actions_url, token=action_token()) if actions_url else None
    agent = Agent.load(model, action_endpoint=endpoint)
    sender = f"cli-{uuid.uuid4().hex[:8]}"
    menu = ButtonMenu()
    print(HELP)
    while True:
        try:
            text = input(PROMPT).strip()  # noqa: ASYNC250 - the terminal chat has nothing else to do meanwhile
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not text:
            continue
        if text in ("/quit", "/exit"):
            return
        if text == "/restart":
            sender = f"cli-{uuid.uuid4().hex[:8]}"
            menu.clear()
            print("（已开始新的对话）")
            continue
        replies = await agent.handle_text(menu.resolve(text), sender_id=sender) or []
        menu.clear()
        for reply in replies:
            menu.offer(reply.get("buttons") or [])
            print(render(reply))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chat with the bot in the terminal.")
    parser.add_argument("--model", required=True)
    parser.add_argument("--actions", default="http://localhost:5055/webhook")
    args = parser.parse_args(argv)
    asyncio.run(chat(args.model, args.actions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
