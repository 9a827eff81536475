"""Ticket stores to test against: SQLite always, PostgreSQL when reachable (always in CI)."""

import pytest
from sqlalchemy.orm import sessionmaker

from bot.tickets.database import create_schema, make_engine
from tests.external_servers import postgres_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tickets.db'}"
    else:
        yield from postgres_database()


@pytest.fixture
def session_factory(database_url):
    engine = make_engine(database_url)
    create_schema(engine)
    yield sessionmaker(bind=engine, future=True, expire_on_commit=False)
    engine.dispose()
