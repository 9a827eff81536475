"""50 customers confirm a ticket at the same moment: no number twice, no ticket lost."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from bot.tickets.database import create_schema
from bot.tickets.model import Kind, Priority
from bot.tickets.services import TicketRequest, open_ticket
from bot.tickets.unit_of_work import SqlUnitOfWork

CUSTOMERS = 50


def test_concurrent_creations_get_unique_numbers_and_all_are_stored(database_url):
    if database_url.startswith("sqlite"):
        engine = create_engine(
            database_url, future=True, connect_args={"timeout": 60, "check_same_thread": False}
        )
    else:
        engine = create_engine(database_url, future=True, pool_size=CUSTOMERS, max_overflow=0)
    create_schema(engine)
    factory = sessionmaker(bind=engine, future=True, expire_on_commit=False)
    at = datetime(2026, 11, 27, 12, 0)

    def create(i: int) -> str:
        request = TicketRequest(
            kind=Kind.REPAIR,
            priority=Priority.P3,
            customer_name=f"客户{i}",
            mobile=f"139{i:08d}",
            fault="冰箱不制冷",
        )
        return open_ticket(request, SqlUnitOfWork(factory), at=at).number

    with ThreadPoolExecutor(max_workers=CUSTOMERS) as pool:
        numbers = list(pool.map(create, range(CUSTOMERS)))

    assert len(set(numbers)) == CUSTOMERS
    assert all(number.startswith("HX20261127-") for number in numbers)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from tickets")).scalar_one() == CUSTOMERS
        assert (
            conn.execute(text("select count(distinct customer_mobile) from tickets")).scalar_one()
            == CUSTOMERS
        )
    engine.dispose()
