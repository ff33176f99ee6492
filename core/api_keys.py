"""API keys: bearer tokens with a name, a scope and an organisation, stored only as a SHA-256 hash.

A key is `pcn_` plus 256 random bits, so a plain (fast) hash is safe to store: there is nothing to
brute-force. Scopes grant sets of permissions; `adviser` includes everything `assess` can do.
Checking a presented key on each request is `core.rawsql.live_key`; what the key may then see is
its `Principal` (`core.orgs`): an `assess` key its own organisation's assessments, an `adviser` key
also those of the organisations its LMC serves.
"""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from .orgs import DEFAULT_ORG, Principal, check_org
from .records import ApiKey, utcnow

PREFIX = "pcn_"
DEFAULT_SCOPE = "assess"
#: What each key scope may do; a view requires one permission.
SCOPE_GRANTS = {"assess": {"assess"}, "adviser": {"assess", "adviser"}}


def hash_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def principal(name: str, scope: str, org: str, served: tuple | list = ()) -> Principal:
    """The principal behind a live key: recorded as `api-key:NAME`; sees its organisation's rows, and an
    adviser key those of the organisations in `served` too."""
    sees = frozenset({org, *served}) if scope == "adviser" else frozenset({org})
    return Principal(by=f"api-key:{name}", org=org, sees=sees)


def create_key(session: Session, name: str, scope: str = DEFAULT_SCOPE, org: str = DEFAULT_ORG) -> str:
    """Make and store a new key called `name` for organisation `org`; returns the key (the only time
    it is seen)."""
    check_org(org)
    if scope not in SCOPE_GRANTS:
        raise ValueError(f"unknown scope {scope!r} (one of: {', '.join(SCOPE_GRANTS)})")
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("a key name must be 1 to 100 characters")
    if session.scalars(select(ApiKey).where(ApiKey.name == name)).first() is not None:
        raise ValueError(f"a key named {name!r} already exists (revoked keys keep their name)")
    key = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, key_hash=hash_key(key), scope=scope, org=org, created_at=utcnow()))
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
