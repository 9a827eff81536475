"""Rasa's socket.io channel, with conversations that survive a page reload.

Rasa 3.6.21 calls ``sio.enter_room(...)`` without ``await`` when a widget asks for a persistent
session (RasaHQ/rasa#13027): the socket never joins the session's room, so replies sent to the
room never reach the widget. This subclass registers a corrected ``session_request`` handler
over the original one; everything else is Rasa's.
"""
from __future__ import annotations

import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.channels.guard import GuardedChannel

logger = logging.getLogger(__name__)


class PersistentSocketIOInput(GuardedChannel, SocketIOInput):
    """socket.io input channel whose persistent sessions work (``session_persistence: true``),
    behind the shared guard."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = self.watch(super().blueprint(self.guard(on_new_message)))
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)
            logger.debug("socket %s joined session %s", sid, data["session_id"])

        return blueprint
