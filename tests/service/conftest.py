"""Fixtures for the HTTP service: each test runs on SQLite and, when it answers, on PostgreSQL.

SQLite is a fresh file per run. PostgreSQL (127.0.0.1:5432, database `test`, trust auth) gets a
throwaway schema per run, dropped at the end, so parallel sessions never see each other's tables.
Both are migrated with Alembic, as production is. Set TEST_POSTGRES_URL to use another server.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from service import create_app
from service.auth import create_key
from service.db import session_scope, shared_engine
from service.migrate import upgrade
from tests.pg import postgres_base_url

@pytest.fixture(scope="session")
def pg_base_url():
    """The PostgreSQL server's URL, or skip."""
    url = postgres_base_url()
    if url is None:
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432 (database test): PostgreSQL cases skipped")
    return url


@pytest.fixture(scope="session")
def pg_schema_url(pg_base_url):
    """A URL whose connections use a new, empty schema; the schema is dropped after the run."""
    schema = f"pcn_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_base_url else "?"
    try:
        yield f"{pg_base_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(request, tmp_path_factory):
    """A migrated, empty database of each kind (the whole session shares it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pcn.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_schema_url")
    upgrade(url)
    yield url
    shared_engine(url).dispose()


@pytest.fixture(scope="session")
def app(db_url):
    """The app on that database."""
    return create_app({"DATABASE_URL": db_url, "TESTING": True})


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


def new_key(db_url: str, scope: str = "assess") -> tuple[str, str]:
    """(name, key) of a fresh API key."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    with session_scope(shared_engine(db_url)) as session:
        return name, create_key(session, name, scope)


@pytest.fixture(scope="session")
def make_key(db_url):
    """A function making a fresh key on this database: make_key(scope="assess") -> (name, key)."""
    return lambda scope="assess": new_key(db_url, scope)


@pytest.fixture(scope="session")
def api_key(db_url) -> str:
    """A live key with the default scope."""
    return new_key(db_url)[1]


@pytest.fixture(scope="session")
def auth(api_key) -> dict:
    """Headers carrying that key."""
    return {"Authorization": f"Bearer {api_key}"}
