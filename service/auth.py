"""Bearer-key authentication of HTTP requests (the keys themselves are `core.api_keys`).

A request's key becomes its principal (`g.principal`, `core.orgs.Principal`): what it records as
`by`, and which organisations' assessments and cases it sees. Anything else is answered 404 as if
the id did not exist (`owned_assessment`), so ids leak nothing across organisations.
"""
from __future__ import annotations

from flask import g, request

from core.api_keys import SCOPE_GRANTS, hash_key, principal
from core.assessments import visible_assessment
from core.rawsql import live_key
from core.records import Assessment

from .db import get_db_engine, get_session
from .errors import ProblemError

SECURITY = [{"bearerAuth": []}]
SECURITY_SCHEME = {"type": "http", "scheme": "bearer",
                   "description": "An API key made with `pcn api-keys create NAME`."}


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
    row = live_key(get_db_engine(), hash_key(key.strip()))
    if row is None:
        raise _unauthorized("unknown or revoked key")
    name, scope, org, served = row
    if permission not in SCOPE_GRANTS.get(scope, set()):
        raise ProblemError(403, detail=f"this key's scope ({scope}) does not allow {permission}",
                           errors={"Authorization": [f"scope {scope} does not allow {permission}"]})
    g.api_key_name, g.api_key_scope = name, scope
    g.principal = principal(name, scope, org, served)
    return name, scope


def assessment_not_found(assessment_id: str) -> ProblemError:
    """The 404 for an assessment id nobody stored, or that this key's organisation may not see."""
    return ProblemError(404, detail="There is no assessment with this id.",
                        errors={"assessment_id": [f"no assessment {assessment_id!r}"]})


def owned_assessment(assessment_id: str) -> Assessment:
    """The assessment if the request's key may see it, else 404, exactly as for a missing id."""
    row = visible_assessment(get_session(), assessment_id, g.principal)
    if row is None:
        raise assessment_not_found(assessment_id)
    return row
