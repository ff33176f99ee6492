"""/readyz is ready only when the database answers and its schema is at the newest migration: an app
started on a database nobody migrated (or one left behind) says 503, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from core.db import shared_db_engine
from core.migrate import head_revision, upgrade
from service import create_app
from tests.pg import empty_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request, tmp_path):
    """A database nobody migrated, of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}"
        yield url
        shared_db_engine(url).dispose()
        return
    with empty_schema(request.getfixturevalue("pg_base_url"), "pcn_ready") as url:
        yield url
        shared_db_engine(url).dispose()


def test_not_ready_until_migrated_to_head(empty_db):
    client = create_app({"DATABASE_URL": empty_db, "TESTING": True, "FRONTENDS": set()}).test_client()
    r = client.get("/readyz")
    assert r.status_code == 503 and r.mimetype == "application/problem+json"
    assert "pcn db upgrade" in r.get_json()["detail"] and "database" in r.get_json()["errors"]
    previous = "0001_initial"
    upgrade(empty_db, previous)
    r = client.get("/readyz")
    assert r.status_code == 503 and previous in r.get_json()["detail"]
    upgrade(empty_db)
    r = client.get("/readyz")
    assert r.status_code == 200 and r.get_json()["status"] == "ready" and r.get_json()["revision"] == head_revision()
