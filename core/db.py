"""The database connection: one SQLAlchemy engine per URL per process, and sessions on it.

SQLite (a file under `instance/`, WAL mode) is the embedded default; `DATABASE_URL` selects
PostgreSQL. Front ends use `session_scope()` (the HTTP service binds one session per request on top
of `shared_db_engine`). The tables are in `core.records`.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session

from . import jsonutil

REPO = Path(__file__).resolve().parent.parent


class Base(DeclarativeBase):
    """Declarative base of every table PCN Advisor keeps (see `core.records`)."""


def instance_dir() -> Path:
    """The instance folder beside the code (created on demand): the SQLite file lives here."""
    path = Path(os.environ.get("PCN_INSTANCE_DIR") or REPO / "instance")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """`DATABASE_URL`, else the SQLite file `instance/pcn.sqlite3`."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_dir() / 'pcn.sqlite3'}"
    # Hosting platforms hand out `postgres://`, which SQLAlchemy 2 no longer accepts.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers run beside the one writer; NORMAL sync is durable across app crashes in WAL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


#: An assessment row holds ~100 KB of JSON: orjson encodes it an order of magnitude faster.
JSON_CODEC = {"json_serializer": jsonutil.dumps, "json_deserializer": jsonutil.loads}


def create_db_engine(url: str | None = None) -> Engine:
    """A new SQLAlchemy engine (a database connection pool) for `url` (default: `database_url()`), SQLite tuned for WAL."""
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        # gunicorn threads share the pool; a long connect timeout rides out another writer's commit.
        eng = create_engine(url, connect_args={"timeout": 15, "check_same_thread": False},
                            pool_size=20, max_overflow=20, **JSON_CODEC)
        event.listen(eng, "connect", _sqlite_pragmas)
        return eng
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **JSON_CODEC)


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def shared_db_engine(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (default: `database_url()`), made on first use."""
    url = url or database_url()
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = create_db_engine(url)
        return _ENGINES[url]


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error (outside Flask requests)."""
    session = Session(engine or shared_db_engine(), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
