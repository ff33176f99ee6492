"""The database as the HTTP service sees it: the app's connection pool and one session per request.

The pool is `core.db.shared_db_engine` for `app.config['DATABASE_URL']`; a view's session is closed
(rolling back anything left uncommitted) when its request ends.
"""
from __future__ import annotations

from flask import current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core import plugins
from core.db import database_url, shared_db_engine

#: Where the app keeps its sessionmaker; the pool itself is published for front ends
#: under `core.plugins.DB_ENGINE`, and read back from there.
SESSIONS = "pcn_sessions"


def init_app(app) -> None:
    """Attach the engine for `app.config['DATABASE_URL']` and close each request's session."""
    engine = shared_db_engine(app.config.get("DATABASE_URL") or database_url())
    app.extensions[plugins.DB_ENGINE] = engine
    app.extensions[SESSIONS] = sessionmaker(engine, expire_on_commit=False)

    @app.teardown_appcontext
    def _close_session(_exc=None):
        session = g.pop("_pcn_session", None)
        if session is not None:
            session.close()  # rolls back anything a view left uncommitted


def get_db_engine(app=None) -> Engine:
    """The Flask app's database engine (connection pool): `app`, else the current one."""
    return plugins.db_engine(app or current_app)


def get_session() -> Session:
    """This request's session (one per app context, closed at teardown; views commit)."""
    session = g.get("_pcn_session")
    if session is None:
        session = g._pcn_session = current_app.extensions[SESSIONS]()
    return session
