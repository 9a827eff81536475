"""A unit of work: one transaction around the repository, committed explicitly."""

from __future__ import annotations

from sqlalchemy.orm import sessionmaker

from bot.tickets.database import database_url, session_factory
from bot.tickets.repository import SqlTicketRepository


class SqlUnitOfWork:
    def __init__(self, factory: sessionmaker | None = None):
        self._factory = factory or session_factory(database_url())

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._factory()
        self.tickets = SqlTicketRepository(self.session)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.session.rollback()  # a no-op after commit; undoes anything left uncommitted
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
