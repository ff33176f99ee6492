"""Secrets the app makes for itself when none is configured, kept in the database (`app_secrets`).

The first process to need one makes it and stores it; every other worker and instance on the same
database reads that one. Several may start at once: the name is the primary key, so only one
insert can win and the others read the winner's value (the same on SQLite and PostgreSQL).
"""
from __future__ import annotations

import secrets

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from .records import AppSecret, utcnow

SECRETS = AppSecret.__table__


def shared_secret(engine: Engine, name: str) -> str:
    """The secret called `name` on this database, made (48 random bytes, URL-safe) if there is none yet."""
    while True:
        with engine.connect() as conn:
            value = conn.scalar(select(SECRETS.c.value).where(SECRETS.c.name == name))
        if value:
            return value
        try:
            with engine.begin() as conn:
                conn.execute(insert(SECRETS).values(name=name, value=secrets.token_urlsafe(48), created_at=utcnow()))
        except IntegrityError:
            pass  # another process made it between our read and our insert: read theirs
