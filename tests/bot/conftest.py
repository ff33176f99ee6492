"""Fixtures for the chat front ends: a fake Slack Web API and the served app with Slack plugged in.

The databases are tests/conftest.py's `db_url` (SQLite, and PostgreSQL when it answers). Each test
uses its own Slack user ids, so tests can share one database per run.
"""
from __future__ import annotations

import uuid

import pytest

from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_user import SECRET


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
