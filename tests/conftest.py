"""Shared fixtures: one set of real servers (action + Rasa, with every channel) for the tests
that need them, a stand-in WeChat API, and the ticket database they write to; the project's Rasa
data as make kb-check reads it."""

import pytest

from bot.knowledge.hotline import write_domain_responses
from harness.servers import free_port, running_servers
from tests.wechat_stub import WeChatApiStub


def pytest_sessionstart(session):
    """The domain's responses that name the hotline are generated (``python -m bot.build`` does it
    before training): tests that read the domain without a build get them too."""
    write_domain_responses()


WECHAT = {
    "WECHAT_TOKEN": "hisense-test-token",
    "WECHAT_APP_ID": "wx0123456789abcdef",
    "WECHAT_APP_SECRET": "test-secret",
    "WECHAT_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    # a generous budget keeps passive-reply tests stable on a loaded machine; the slow-turn test
    # starts its own server with a tiny one
    "WECHAT_REPLY_TIMEOUT": "20",
}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'tickets.db'}"


@pytest.fixture(scope="session")
def bot_data():
    """What the project's domain, NLU data and rules say, read once (``bot.nlu.kb_check``)."""
    from bot.nlu.kb_check import read_bot_data

    return read_bot_data()


@pytest.fixture(scope="session")
def wechat_api():
    stub = WeChatApiStub()
    yield stub
    stub.close()


#: The port the browser test serves the chat page on: CORS must allow its origin.
PAGE_PORT = free_port()


@pytest.fixture(scope="session")
def sms_outbox(tmp_path_factory):
    """Where the servers' development SMS gateway writes one-time codes (mobile, tab, text)."""
    return tmp_path_factory.mktemp("sms") / "outbox.txt"


@pytest.fixture(scope="session")
def servers(tmp_path_factory, database_url, wechat_api, sms_outbox):
    env = {
        "DATABASE_URL": database_url,
        "WECHAT_API_BASE": wechat_api.url,
        **WECHAT,
        "ALLOWED_ORIGINS": f"http://127.0.0.1:{PAGE_PORT}",
        "SMS_PROVIDER": "file",
        "SMS_OUTBOX_FILE": str(sms_outbox),
    }
    with running_servers(tmp_path_factory.mktemp("servers"), env=env) as running:
        yield running


def pytest_collection_modifyitems(config, items):
    """A test that needs the real servers is marked slow, so `make test-fast` never starts them."""
    unmarked = [
        item.nodeid
        for item in items
        if "servers" in getattr(item, "fixturenames", ())
        and item.get_closest_marker("slow") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "mark these tests slow (they start the real servers): " + ", ".join(unmarked)
        )
