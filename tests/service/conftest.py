"""Fixtures for the HTTP service: the app on each database (`db_url`, tests/conftest.py), API keys."""
from __future__ import annotations

import uuid

import pytest

from core.api_keys import create_key
from core.db import session_scope, shared_db_engine
from core.orgs import DEFAULT_ORG
from service import create_app


@pytest.fixture(scope="session")
def app(db_url):
    """The app on that database."""
    return create_app({"DATABASE_URL": db_url, "TESTING": True})


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


def new_key(db_url: str, scope: str = "assess", org: str = DEFAULT_ORG) -> tuple[str, str]:
    """(name, key) of a fresh API key of organisation `org`."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    with session_scope(shared_db_engine(db_url)) as session:
        return name, create_key(session, name, scope, org)


@pytest.fixture(scope="session")
def make_key(db_url):
    """A function making a fresh key on this database: make_key(scope="assess", org="default") -> (name, key)."""
    return lambda scope="assess", org=DEFAULT_ORG: new_key(db_url, scope, org)


@pytest.fixture(scope="session")
def named_key(db_url) -> tuple[str, str]:
    """(name, key) of a live key with the default scope and organisation."""
    return new_key(db_url)


@pytest.fixture(scope="session")
def api_key(named_key) -> str:
    """That key."""
    return named_key[1]


@pytest.fixture(scope="session")
def auth(api_key) -> dict:
    """Headers carrying that key."""
    return {"Authorization": f"Bearer {api_key}"}
