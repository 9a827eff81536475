"""Rasa's own event brokers with every mobile number masked before the event leaves the process.

Named by module path under ``event_broker: type:`` in the endpoints files: ``endpoints.yml``
(SQLite, ``var/events.db``) and ``config/endpoints.production.yml`` (RabbitMQ).
"""

from __future__ import annotations

from typing import Any

from rasa.core.brokers.pika import PikaEventBroker
from rasa.core.brokers.sql import SQLEventBroker

from bot.events.masking import mask_event


class MaskingSQLEventBroker(SQLEventBroker):
    """Rasa's SQL event broker (its own database: its table ``events`` is not the tracker store's)."""

    def publish(self, event: dict[str, Any]) -> None:
        super().publish(mask_event(event))


class MaskingPikaEventBroker(PikaEventBroker):
    """Rasa's RabbitMQ (pika) event broker."""

    def publish(self, event: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().publish(mask_event(event), headers)
