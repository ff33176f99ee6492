"""Fixtures for the core's tests: an empty database of the kind under test, for migrations."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text


@pytest.fixture
def fresh_url(db_url, tmp_path):
    """An empty database of the same kind as `db_url` (a new SQLite file or PostgreSQL schema)."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    schema = f"pcn_mig_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    base = db_url.split("?")[0]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
