"""Alembic environment: runs the migrations in versions/ against the URL or connection given.

`core.migrate` builds the Alembic config in code (no alembic.ini), so `pcn db upgrade`, the
tests and the Procfile's release step all run migrations the same way.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from core import records  # noqa: F401  (registers every table on Base.metadata)
from core.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    """Run the migrations on an open connection."""
    # Batch mode lets later migrations alter columns on SQLite, which has no ALTER COLUMN.
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit SQL instead of running it (`alembic upgrade --sql`)."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the connection handed over in `config.attributes`, else a new engine."""
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as conn:
        run_migrations(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
