"""Fixtures for the web front door: the app on a fresh SQLite database, a client that carries CSRF
tokens, an adviser account, and helpers that walk the interview."""
from __future__ import annotations

import pytest

from core.db import session_scope, shared_db_engine
from core.migrate import upgrade
from service import create_app
from tests.web.helpers import ADVISER, PASSWORD, finish_interview
from web.users import create_user


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> str:
    """A migrated SQLite database with one adviser account."""
    url = f"sqlite:///{tmp_path_factory.mktemp('webdb') / 'pcn.sqlite3'}"
    upgrade(url)
    with session_scope(shared_db_engine(url)) as s:
        create_user(s, ADVISER, "adviser", PASSWORD)
    return url


@pytest.fixture(scope="session")
def app(web_db):
    """The whole app (API, Slack, web) on that database."""
    return create_app({"DATABASE_URL": web_db, "TESTING": True, "SECRET_KEY": "test-secret-key-for-the-web-pages-0001"})


@pytest.fixture
def client(app):
    """A fresh browser (its own session)."""
    return app.test_client()


@pytest.fixture(scope="session")
def assessed(app):
    """(client, assessment id) of a practice that finished the interview."""
    c = app.test_client()
    return c, finish_interview(c)
