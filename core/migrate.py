"""Schema migrations: Alembic driven from code, with the scripts in `core/migrations/`.

No alembic.ini: the config is built here from the database URL, so `pcn db upgrade`, the
Procfile's release step and the tests all migrate the same way. Several instances may start (and
migrate) at once: on PostgreSQL each migration run first takes an advisory lock, so one migrates
while the others wait and then find nothing left to do; SQLite lets one writer in at a time anyway.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from .db import create_db_engine, database_url

SCRIPTS = Path(__file__).resolve().parent / "migrations"
#: The PostgreSQL advisory lock every migration run holds (the answer index uses another).
MIGRATION_LOCK = 727273


def _one_at_a_time(conn) -> None:
    """Wait for any other migration run on this database to finish (held until this one commits)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at core/migrations and `url` (default: `database_url()`)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    # ConfigParser interpolation would choke on '%' in URL-encoded passwords.
    cfg.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head", engine: Engine | None = None) -> None:
    """Bring the database at `url` (or `engine`) up to `revision`."""
    own = engine is None
    engine = engine or create_db_engine(url)
    cfg = alembic_config(url or engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as conn:
            _one_at_a_time(conn)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        if own:
            engine.dispose()


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Take the database at `url` down to `revision`."""
    engine = create_db_engine(url)
    cfg = alembic_config(url)
    try:
        with engine.begin() as conn:
            _one_at_a_time(conn)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@cache
def head_revision() -> str | None:
    """The newest revision among the migration scripts (read once: they do not change while running)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
