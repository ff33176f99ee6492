"""Finding the PostgreSQL server tests run against (127.0.0.1:5432, database `test`), if any, and
giving a test an empty schema of its own on it."""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import create_engine, text

PG_CANDIDATES = [os.environ.get("TEST_POSTGRES_URL"), "postgresql://postgres@127.0.0.1:5432/test",
                 "postgresql://root@127.0.0.1:5432/test"]


def _port_open(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@lru_cache(maxsize=1)
def postgres_base_url() -> str | None:
    """A PostgreSQL URL that accepts a connection, or None (then PostgreSQL tests skip)."""
    if not os.environ.get("TEST_POSTGRES_URL") and not _port_open():
        return None
    for url in filter(None, PG_CANDIDATES):
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return url
        except Exception:  # wrong user, no database: try the next candidate
            continue
        finally:
            engine.dispose()
    return None


@contextmanager
def empty_schema(base_url: str, prefix: str) -> Iterator[str]:
    """A URL whose connections use a new, empty schema on `base_url`'s server; dropped on exit."""
    schema = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    base = base_url.split("?")[0]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
