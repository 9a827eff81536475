"""Rasa's socket.io channel, with conversations that survive a page reload and cannot be taken
over.

Rasa 3.6.21 calls ``sio.enter_room(...)`` without ``await`` when a widget asks for a persistent
session (RasaHQ/rasa#13027): the socket never joins the session's room, so replies sent to the
room never reach the widget. This subclass registers a corrected ``session_request`` handler
over the original one.

Session ids are issued by the server (``bot.security.new_session_id``: 128 random bits, signed
with the server's secret), so the widget keeps its conversation across a reload without any
state on the server. A ``session_request`` with an id the server did not issue for this channel
(made up, or another channel's) gets a new id instead. Every ``user_uttered`` is checked too: its
``session_id`` must be the one confirmed to this socket, or the message is refused.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.channels.addresses import CLIENT_ADDRESS, client_address, trusted_proxies
from bot.channels.guard import GuardedChannel, capped_metadata
from bot.security import is_session_id, new_session_id

logger = logging.getLogger(__name__)

CHANNEL = "socketio"
SESSION_REFUSED_REPLY = "会话已失效，请刷新页面后重新开始。"


class PersistentSocketIOInput(GuardedChannel, SocketIOInput):
    """socket.io input channel whose persistent sessions work (``session_persistence: true``),
    behind the shared guard, with server-issued session ids."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = self.watch(super().blueprint(self.guard(on_new_message)))
        sio = self.sio
        namespace = self.namespace or "/"
        rasa_handle_message = sio.handlers[namespace][self.user_message_evt]
        proxies = trusted_proxies()
        sessions: dict[str, str] = {}  # socket id -> the session id confirmed to it
        addresses: dict[str, str] = {}  # socket id -> client address

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            request = environ.get("sanic.request")
            peer = getattr(request, "ip", None) or environ.get("REMOTE_ADDR", "")
            addresses[sid] = client_address(peer, environ.get("HTTP_X_FORWARDED_FOR"), proxies)
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str, *_reason: Any) -> None:
            sessions.pop(sid, None)
            addresses.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            asked = (data or {}).get("session_id") if isinstance(data, dict) else None
            if asked and is_session_id(asked, CHANNEL):
                session_id = asked
            else:
                if asked:
                    logger.warning(
                        "socket %s asked for a session id the server did not issue: refused", sid
                    )
                session_id = new_session_id(CHANNEL)
            previous = sessions.get(sid)
            if previous and previous != session_id:
                await sio.leave_room(sid, previous, namespace=self.namespace)
            sessions[sid] = session_id
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            session_id = data.get("session_id")
            if self.session_persistence and (
                session_id != sessions.get(sid) or not is_session_id(session_id, CHANNEL)
            ):
                logger.warning(
                    "socket %s sent a message for a session not confirmed to it: refused", sid
                )
                await sio.emit(
                    self.bot_message_evt,
                    {"text": SESSION_REFUSED_REPLY},
                    room=sid,
                    namespace=self.namespace,
                )
                return
            metadata = data.get(self.metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = None
            data = {**data, self.metadata_key: capped_metadata(metadata) or {}}
            CLIENT_ADDRESS.set(addresses.get(sid))
            await rasa_handle_message(sid, data)

        return blueprint
