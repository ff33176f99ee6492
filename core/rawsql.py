"""The two statements every API request runs, sent straight to the database driver.

Checking an API key and storing an assessment happen on every `POST /v1/assessments`; through the
ORM session they cost several times what the database spends on them. Here they are written once
as plain SQL for the driver's parameter style, on a pooled connection, with each value converted
by its column's own SQLAlchemy type (so what is stored is exactly what the ORM would store).
Drivers with another parameter style fall back to SQLAlchemy Core.
"""
from __future__ import annotations

from sqlalchemy import Engine, text

from core.records import Assessment

_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}

# One row per organisation an adviser key's LMC serves (one row with NULL for any other key): still
# one round trip, and a key revoked or re-linked anywhere counts at once.
_LIVE_KEY = ("SELECT k.name, k.scope, k.org, l.org FROM api_keys k LEFT JOIN org_links l "
             "ON k.scope = 'adviser' AND l.lmc = k.org WHERE k.key_hash = {} AND k.revoked_at IS NULL")

#: The assessment columns a new row fills, in statement order.
ASSESSMENT_COLUMNS = ("id", "facts", "result_zst", "rules_version", "contract_year", "channel", "user_ref",
                      "owner_org", "created_at")
_INSERT_ASSESSMENT = (f"INSERT INTO assessments ({', '.join(ASSESSMENT_COLUMNS)}) "
                      f"VALUES ({', '.join(['{0}'] * len(ASSESSMENT_COLUMNS))})")
#: The same insert through SQLAlchemy Core, for a session's transaction or another driver.
ASSESSMENT_INSERT = Assessment.__table__.insert()


def _placeholder(engine: Engine) -> str | None:
    return _PLACEHOLDERS.get(engine.dialect.paramstyle)


def live_key(engine: Engine, key_hash: str) -> tuple | None:
    """(name, scope, org, served orgs) of the unrevoked API key with this hash, or None; served orgs
    are those its LMC serves for an adviser key, () for any other."""
    mark = _placeholder(engine)
    if mark is None:
        with engine.connect() as conn:
            rows = conn.execute(text(_LIVE_KEY.format(":h")), {"h": key_hash}).all()
    else:
        conn = engine.raw_connection()
        try:
            cur = conn.cursor()
            cur.execute(_LIVE_KEY.format(mark), (key_hash,))
            rows = cur.fetchall()
            cur.close()
        finally:
            conn.close()  # back to the pool; its read transaction is rolled back
    if not rows:
        return None
    name, scope, org, _ = rows[0]
    return name, scope, org, tuple(r[3] for r in rows if r[3] is not None)


_CONVERTERS: dict = {}


def _converters(engine: Engine) -> list:
    key = id(engine.dialect)
    found = _CONVERTERS.get(key)
    if found is None:
        table = Assessment.__table__
        found = _CONVERTERS[key] = [table.c[c].type.bind_processor(engine.dialect) for c in ASSESSMENT_COLUMNS]
    return found


def assessment_values(row) -> dict:
    """The column values of a new row (`store.NewAssessment`), by column name."""
    return {c: getattr(row, c) for c in ASSESSMENT_COLUMNS}


def store_assessments(engine: Engine, rows: list) -> None:
    """Insert new rows in one transaction of their own, committed before returning."""
    if not rows:
        return
    mark = _placeholder(engine)
    if mark is None:
        with engine.begin() as conn:
            conn.execute(ASSESSMENT_INSERT, [assessment_values(r) for r in rows])
        return
    convert = _converters(engine)
    params = [tuple(f(v) if f else v for v, f in zip(assessment_values(row).values(), convert)) for row in rows]
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        cur.executemany(_INSERT_ASSESSMENT.format(mark), params)
        cur.close()
        conn.commit()
    finally:
        conn.close()  # after an error the pool rolls the transaction back
