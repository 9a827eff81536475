"""The servers outside this project that the production profile uses: PostgreSQL, Redis and RabbitMQ.

Tests that need one skip with a message saying why when it is not reachable on a developer's
machine, and fail when CI=true (.ci/run starts both).
"""

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")


def unavailable(service: str, problem: Exception, hint: str) -> None:
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{service} is required in CI but not reachable: {problem}") from problem
    pytest.skip(f"{service} not reachable ({problem.__class__.__name__}); {hint}")


def postgres_admin():
    """An AUTOCOMMIT engine on the PostgreSQL server the tests may use (skips or fails if none)."""
    try:
        admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any connection problem means "not available"
        unavailable("PostgreSQL", exc, f"start it at {POSTGRES_ADMIN_URL} or set TEST_POSTGRES_URL")
    return admin


def postgres_database() -> Iterator[str]:
    """Create a throw-away database; yield its URL; drop it."""
    admin = postgres_admin()
    name = f"hx_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'create database "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


def redis_client(db: int = 1):
    """A client of the Redis server the tests may use."""
    import redis

    client = redis.Redis(host=REDIS_HOST, port=6379, db=db, socket_timeout=5)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        unavailable("Redis", exc, f"start redis-server on {REDIS_HOST}:6379 or set TEST_REDIS_HOST")
    return client


RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")


def rabbitmq_url() -> str:
    """The RabbitMQ server the tests may use (the production profile's event stream)."""
    import socket
    from urllib.parse import urlparse

    where = urlparse(RABBITMQ_URL)
    try:
        socket.create_connection((where.hostname, where.port or 5672), timeout=5).close()
    except OSError as exc:
        unavailable(
            "RabbitMQ", exc, f"start rabbitmq-server ({RABBITMQ_URL}) or set TEST_RABBITMQ_URL"
        )
    return RABBITMQ_URL
