"""Server-side sessions for the web pages: the cookie carries a random token and nothing else.

What a session knows (the practice's reference, the signed-in adviser and their organisation, the
CSRF token, messages to show once) is kept in `web_sessions` under the SHA-256 of the token, so:

- the cookie tells a reader nothing (no name, no organisation, no reference);
- signing out deletes the row: a copied cookie opens nothing afterwards (`end`);
- signing in starts a new session under a new token, and nothing from before survives it
  (`rotate`): a session planted in someone's browser cannot follow them into their sign-in;
- every session of one account can be ended at once (`revoke_user`), e.g. when it is disabled;
- a session unused for `IDLE` (a signed-in adviser's for `ADVISER_IDLE`) lapses.

Rows are written only when the session changed, or at most every `TOUCH` to push its lapse back;
lapsed rows are swept now and then by whichever worker writes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
import time

from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import Engine, delete, insert, select, update
from werkzeug.datastructures import CallbackDict

from core import plugins
from core.records import WebSession, utcnow

TABLE = WebSession.__table__
IDLE = dt.timedelta(days=7)
ADVISER_IDLE = dt.timedelta(hours=8)
TOUCH = dt.timedelta(minutes=5)
SWEEP_EVERY_S = 600
#: `secrets.token_urlsafe(32)`: what a cookie we gave out looks like; anything else is ignored
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
USER_ID = "_user_id"            # the signed-in account's id, kept beside the data for `revoke_user`
serializer = TaggedJSONSerializer()


def _row_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ServerSession(CallbackDict, SessionMixin):
    """A session's data, with the token it is stored under (None until first saved)."""

    def __init__(self, data: dict | None = None, token: str | None = None, expires_at=None):
        def changed(_self):
            self.modified = True

        super().__init__(data or {}, changed)
        self.token, self.expires_at = token, expires_at
        self.modified = False
        self.ended: list[str] = []    # tokens whose rows are to be deleted when the response goes

    def end(self) -> None:
        """Forget everything: the row is deleted when the response goes, and anything put in the
        session afterwards is kept under a new token (so `end` at sign-in rotates the session)."""
        if self.token:
            self.ended.append(self.token)
        self.token = None
        self.clear()
        self.modified = True

    rotate = end


class ServerSessionInterface(SessionInterface):
    """Flask's session interface, backed by the `web_sessions` table of the app's database."""

    def __init__(self):
        self._swept_at = 0.0
        self._lock = threading.Lock()

    def open_session(self, app, request) -> ServerSession:
        token = request.cookies.get(self.get_cookie_name(app)) or ""
        if not TOKEN.fullmatch(token):
            return ServerSession()
        with plugins.db_engine(app).connect() as conn:
            row = conn.execute(select(TABLE.c.data, TABLE.c.expires_at).where(TABLE.c.id == _row_id(token))).first()
        if row is None or row.expires_at <= utcnow():
            return ServerSession()
        return ServerSession(serializer.loads(row.data), token, row.expires_at)

    def save_session(self, app, session: ServerSession, response) -> None:
        engine = plugins.db_engine(app)
        name, domain, path = self.get_cookie_name(app), self.get_cookie_domain(app), self.get_cookie_path(app)
        if session.ended:
            with engine.begin() as conn:
                conn.execute(delete(TABLE).where(TABLE.c.id.in_([_row_id(t) for t in session.ended])))
        if not session:
            if session.modified and session.token:   # emptied by hand rather than `end`ed
                with engine.begin() as conn:
                    conn.execute(delete(TABLE).where(TABLE.c.id == _row_id(session.token)))
            if session.modified:
                response.delete_cookie(name, domain=domain, path=path, secure=self.get_cookie_secure(app),
                                       httponly=True, samesite=self.get_cookie_samesite(app))
            return
        now = utcnow()
        expires_at = now + (ADVISER_IDLE if session.get(USER_ID) else IDLE)
        if session.token and not session.modified:
            if session.expires_at - (expires_at - TOUCH) >= dt.timedelta(0):
                return    # used a moment ago: leave the row alone
            with engine.begin() as conn:
                conn.execute(update(TABLE).where(TABLE.c.id == _row_id(session.token)).values(expires_at=expires_at))
            return
        data = serializer.dumps(dict(session))
        with engine.begin() as conn:
            if session.token:
                done = conn.execute(update(TABLE).where(TABLE.c.id == _row_id(session.token))
                                    .values(data=data, user_id=session.get(USER_ID), expires_at=expires_at)).rowcount
                if not done:
                    return    # ended meanwhile (signed out in another tab): not brought back to life
            else:
                session.token = secrets.token_urlsafe(32)
                conn.execute(insert(TABLE).values(id=_row_id(session.token), data=data, user_id=session.get(USER_ID),
                                                  created_at=now, expires_at=expires_at))
        self._sweep(engine)
        response.set_cookie(name, session.token, domain=domain, path=path, httponly=True,
                            secure=self.get_cookie_secure(app), samesite=self.get_cookie_samesite(app))
        response.vary.add("Cookie")

    def _sweep(self, engine: Engine) -> None:
        """Delete lapsed sessions, at most every `SWEEP_EVERY_S` seconds per process."""
        with self._lock:
            if time.monotonic() - self._swept_at < SWEEP_EVERY_S:
                return
            self._swept_at = time.monotonic()
        with engine.begin() as conn:
            conn.execute(delete(TABLE).where(TABLE.c.expires_at < utcnow()))


def revoke_user(engine: Engine, user_id: int) -> int:
    """End every session signed in as account `user_id` (returns how many there were)."""
    with engine.begin() as conn:
        return conn.execute(delete(TABLE).where(TABLE.c.user_id == user_id)).rowcount
