"""API keys: bearer tokens with a name and a scope, stored only as a SHA-256 hash.

A key is `pcn_` plus 256 random bits, so a plain (fast) hash is safe to store: there is nothing to
brute-force. Scopes grant sets of permissions; `adviser` includes everything `assess` can do.
"""
from __future__ import annotations

import functools
import hashlib
import secrets

from flask import g, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import get_engine
from .errors import ProblemError
from .models import ApiKey, utcnow
from .rawsql import live_key

PREFIX = "pcn_"
DEFAULT_SCOPE = "assess"
#: What each key scope may do; a view requires one permission.
SCOPE_GRANTS = {"assess": {"assess"}, "adviser": {"assess", "adviser"}}
SECURITY = [{"bearerAuth": []}]
SECURITY_SCHEME = {"type": "http", "scheme": "bearer",
                   "description": "An API key made with `pcn api-keys create NAME`."}


def hash_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create_key(session: Session, name: str, scope: str = DEFAULT_SCOPE) -> str:
    """Make and store a new key called `name`; returns the key (the only time it is seen)."""
    if scope not in SCOPE_GRANTS:
        raise ValueError(f"unknown scope {scope!r} (one of: {', '.join(SCOPE_GRANTS)})")
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("a key name must be 1 to 100 characters")
    if session.scalars(select(ApiKey).where(ApiKey.name == name)).first() is not None:
        raise ValueError(f"a key named {name!r} already exists (revoked keys keep their name)")
    key = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, key_hash=hash_key(key), scope=scope, created_at=utcnow()))
    session.flush()
    return key


def list_keys(session: Session) -> list[ApiKey]:
    """Every key, oldest first, revoked ones included."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)))


def revoke_key(session: Session, name: str) -> ApiKey:
    """Revoke the key called `name` (KeyError if there is none); revoking twice keeps the first time."""
    row = session.scalars(select(ApiKey).where(ApiKey.name == name)).first()
    if row is None:
        raise KeyError(name)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    session.flush()
    return row


def find_key(session: Session, key: str) -> ApiKey | None:
    """The live (unrevoked) key row for a presented key, or None."""
    row = session.scalars(select(ApiKey).where(ApiKey.key_hash == hash_key(key))).first()
    return row if row is not None and row.revoked_at is None else None


def _unauthorized(message: str) -> ProblemError:
    return ProblemError(401, detail=message, errors={"Authorization": [message]},
                        headers={"WWW-Authenticate": 'Bearer realm="pcn"'})


def authenticate(permission: str = "assess"):
    """Check this request's bearer key (401 if missing, wrong or revoked; 403 without `permission`)."""
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if not header:
        raise _unauthorized("missing: send Authorization: Bearer <key>")
    if scheme.lower() != "bearer" or not key.strip():
        raise _unauthorized("must be Bearer <key>")
    # Every request pays for this, so it is one plain query on its own pooled connection (a sixth
    # of the cost of going through the ORM session), and it asks the database each time: a key
    # revoked anywhere stops working at once. Its own connection also means the request's session
    # never has a read to upgrade to a write, which SQLite can refuse.
    row = live_key(get_engine(), hash_key(key.strip()))
    if row is None:
        raise _unauthorized("unknown or revoked key")
    name, scope = row
    if permission not in SCOPE_GRANTS.get(scope, set()):
        raise ProblemError(403, detail=f"this key's scope ({scope}) does not allow {permission}",
                           errors={"Authorization": [f"scope {scope} does not allow {permission}"]})
    g.api_key_name, g.api_key_scope = name, scope
    return name, scope


def require_key(permission: str = "assess"):
    """View decorator: the request needs a live key whose scope grants `permission`."""
    def wrap(view):
        @functools.wraps(view)
        def inner(*args, **kwargs):
            authenticate(permission)
            return view(*args, **kwargs)
        return inner
    return wrap
