import pytest

from tests.servers import running_servers


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'tickets.db'}"


@pytest.fixture(scope="session")
def servers(tmp_path_factory, database_url):
    with running_servers(tmp_path_factory.mktemp("servers"), env={"DATABASE_URL": database_url}) as running:
        yield running
