"""Fixtures for the core's tests: an empty database of the kind under test, for migrations."""
from __future__ import annotations

import pytest

from tests.pg import empty_schema


@pytest.fixture
def fresh_url(db_url, tmp_path):
    """An empty database of the same kind as `db_url` (a new SQLite file or PostgreSQL schema)."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    with empty_schema(db_url, "pcn_mig") as url:
        yield url
