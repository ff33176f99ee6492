"""Fixtures for the bot: a migrated database of each kind, a fake Slack Web API, the Flask app.

SQLite always; PostgreSQL (127.0.0.1:5432, database `test`) when it answers, in a throwaway schema
per run, the way tests/service does it. Each test uses its own Slack user ids, so tests can share
one database per run.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from bot.slack.testing import FakeSlackAPI
from tests.pg import postgres_base_url

SECRET = "test-signing-secret-0123456789abcdef"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(request, tmp_path_factory):
    """A database migrated to head (service tables and the bot's), shared by the session."""
    from service.db import shared_engine
    from service.migrate import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('botdb') / 'pcn.sqlite3'}"
        upgrade(url)
        yield url
        shared_engine(url).dispose()
        return
    base = postgres_base_url()
    if base is None:
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432 (database test)")
    schema = f"pcn_bot_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    try:
        upgrade(url)
        yield url
        shared_engine(url).dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db_engine(db_url):
    """The session's SQLAlchemy engine for that database."""
    from service.db import shared_engine

    return shared_engine(db_url)


@pytest.fixture
def fake_slack():
    """A fake Slack Web API on 127.0.0.1, recording every call."""
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def make_app(db_url, fake_slack):
    """Build a (new) service app with Slack mounted, on the session database and the fake Web API."""
    from service import create_app

    def make(**extra):
        config = {"DATABASE_URL": db_url, "TESTING": True, "SLACK_SIGNING_SECRET": SECRET,
                  "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": fake_slack.url}
        config.update(extra)
        return create_app(config)
    return make


@pytest.fixture
def user_id():
    """A Slack user id of this test's own."""
    return "U" + uuid.uuid4().hex[:10].upper()
