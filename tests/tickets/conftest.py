"""Ticket stores to test against: SQLite always, PostgreSQL when reachable (always in CI)."""
import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from bot.tickets.database import create_schema, make_engine

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _postgres_database():
    """Create a throw-away database; yield its URL; drop it."""
    try:
        admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any connection problem means "not available"
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"PostgreSQL is required in CI but not reachable: {exc}") from exc
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL} ({exc.__class__.__name__}); "
                    "start it or set TEST_POSTGRES_URL to test the production store")
    name = f"hx_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'create database "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tickets.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def session_factory(database_url):
    engine = make_engine(database_url)
    create_schema(engine)
    yield sessionmaker(bind=engine, future=True, expire_on_commit=False)
    engine.dispose()
