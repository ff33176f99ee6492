"""Shared fixtures: the default engine, the source documents (PCN_SOURCES_DIR), and a migrated
database of each kind.

SQLite is a fresh file per run. PostgreSQL (127.0.0.1:5432, database `test`, trust auth) gets a
throwaway schema per run, dropped at the end, so parallel sessions never see each other's tables.
Both are migrated with Alembic, as production is. Set TEST_POSTGRES_URL to use another server.

The request rate limits are off in tests (many requests from one address and key, in seconds);
tests of a limit turn it on with a low value in the app's config. Failed sign-ins stay limited.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.knowledge import sources_dir
from tests.pg import empty_schema, postgres_base_url

os.environ.setdefault("PCN_RATE_LIMIT", "off")
os.environ.setdefault("PCN_AUTH_FAILURE_LIMIT", "off")
os.environ.setdefault("PCN_CASE_LIMIT", "off")


@pytest.fixture(scope="session")
def sources() -> Path:
    """The folder of seed documents; tests that need it skip with a reason when it is absent."""
    found = sources_dir()
    if found is None:
        pytest.skip("source documents not found: set PCN_SOURCES_DIR (default ../shared/seeds)")
    return found


@pytest.fixture(scope="session")
def pcn_engine():
    """The engine for the repository's knowledge base."""
    import engine

    return engine.default_engine()


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
    with empty_schema(pg_base_url, "pcn_test") as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(request, tmp_path_factory):
    """A migrated, empty database of each kind (the whole session shares it)."""
    from core.db import shared_db_engine
    from core.migrate import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pcn.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_schema_url")
    upgrade(url)
    yield url
    shared_db_engine(url).dispose()


@pytest.fixture
def db_engine(db_url):
    """The session's SQLAlchemy engine for that database."""
    from core.db import shared_db_engine

    return shared_db_engine(db_url)


@pytest.fixture
def fresh_url(db_url, tmp_path):
    """An empty database of the same kind as `db_url` (a new SQLite file or PostgreSQL schema), not
    migrated: for migrations, and for tests that need a database of their own."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    with empty_schema(db_url, "pcn_mig") as url:
        yield url
