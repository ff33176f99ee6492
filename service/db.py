"""The database as the HTTP service sees it: the app's connection pool and one session per request.

The pool is `core.db.shared_db_engine` for `app.config['DATABASE_URL']`; a view's session is closed
(rolling back anything left uncommitted) when its request ends.
"""
from __future__ import annotations

from flask import current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.db import database_url, shared_db_engine

EXTENSION = "pcn_db"


def init_app(app) -> None:
    """Attach the engine for `app.config['DATABASE_URL']` and close each request's session."""
    engine = shared_db_engine(app.config.get("DATABASE_URL") or database_url())
    app.extensions[EXTENSION] = {"engine": engine,
                                 "sessionmaker": sessionmaker(engine, expire_on_commit=False)}

    @app.teardown_appcontext
    def _close_session(_exc=None):
        session = g.pop("_pcn_session", None)
        if session is not None:
            session.close()  # rolls back anything a view left uncommitted


def get_db_engine(app=None) -> Engine:
    """The Flask app's database engine (connection pool): `app`, else the current one."""
    return (app or current_app).extensions[EXTENSION]["engine"]


def get_session() -> Session:
    """This request's session (one per app context, closed at teardown; views commit)."""
    session = g.get("_pcn_session")
    if session is None:
        session = g._pcn_session = current_app.extensions[EXTENSION]["sessionmaker"]()
    return session
