"""Faults: the action server goes away mid-conversation; the ticket database is down."""

import uuid

import pytest
from sqlalchemy import text

from bot.channels.guard import FAILURE_REPLY
from harness.servers import running_servers
from tests.e2e.chat import Chat
from tests.external_servers import POSTGRES_ADMIN_URL, postgres_admin

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)


@pytest.fixture(scope="module")
def own_servers(tmp_path_factory):
    """Servers of our own: this module stops and restarts the action server."""
    url = f"sqlite:///{tmp_path_factory.mktemp('faults') / 'tickets.db'}"
    with running_servers(
        tmp_path_factory.mktemp("fault-servers"), env={"DATABASE_URL": url}
    ) as servers:
        yield servers


def test_action_server_restart_mid_conversation(own_servers):
    chat = Chat(own_servers, f"restart-{uuid.uuid4().hex[:6]}")
    assert "待机指示灯" in chat.say("电视黑屏了").text
    own_servers.stop_actions()
    try:
        assert chat.say("/affirm").text == FAILURE_REPLY  # polite, not silent, not an error
    finally:
        own_servers.start_actions()
    reply = chat.say("/affirm")  # the same answer again: the conversation goes on
    assert "HDMI" in reply.text


def test_a_ticket_confirmed_while_the_database_is_down_is_kept_and_written_later(
    tmp_path, monkeypatch
):
    admin = postgres_admin()  # needs PostgreSQL to take a database away and bring it back
    from rasa_sdk.executor import CollectingDispatcher

    from actions.tickets import ActionCreateTicket
    from bot.tickets import outbox
    from bot.tickets.services import find_ticket
    from tests.actions.conftest import load_tracker

    name = f"hx_outage_{uuid.uuid4().hex[:8]}"
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    monkeypatch.setenv("DATABASE_URL", url)  # this database does not exist yet: "down"
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))

    dispatcher = CollectingDispatcher()
    ActionCreateTicket().run(dispatcher, load_tracker("ticket_confirm"), {})
    said = dispatcher.messages[0]["text"]
    assert "暂时连不上" in said and "完整保存" in said and "工单号" not in said
    assert outbox.pending() == 1

    with admin.connect() as conn:
        conn.execute(text(f'create database "{name}"'))  # the database is back
    try:
        [ticket] = outbox.flush()
        assert outbox.pending() == 0
        stored = find_ticket(ticket.number)  # from DATABASE_URL, the database that is back
        assert stored is not None and (stored.customer.name, stored.fault) == (
            "张伟",
            "电视黑屏、没有图像",
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
