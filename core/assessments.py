"""The assessment store: reading and writing assessments and checklist state, for every front end.

Functions take a session and flush, never commit: the caller owns the transaction
(`session_scope()` outside Flask, an explicit commit in views). An assessment made through the API
carries its key's organisation (`owner_org`); who may read it is decided by `core.orgs`. A tick
records `by`, the principal as its front end authenticated it, never text the person typed.
"""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.records import Assessment, ChecklistItemState, isoformat, new_id, utcnow

from . import jsonutil
from .compress import pack
from .orgs import Principal
from .rawsql import ASSESSMENT_COLUMNS, ASSESSMENT_INSERT, assessment_values

#: What an assessment id can look like; anything else (NUL, surrogates...) is unknown without a query,
#: since PostgreSQL rejects such text outright.
ID_PATTERN = re.compile(r"[0-9A-Za-z_-]{1,32}")


class NewAssessment:
    """A row made here and inserted as plain values: what callers read of a stored assessment (`id`,
    `created_at`, `channel`, `result_json`, `result`, ...) without an ORM instance's cost per row.
    Reading it back by id gives the mapped `Assessment`."""

    __slots__ = (*ASSESSMENT_COLUMNS, "result_json", "_result")

    def __init__(self, facts: dict, body: bytes, rules_version: str, contract_year: str, channel: str,
                 user_ref: str | None, created_at, result: dict | None, owner_org: str | None = None):
        self.id, self.owner_org = new_id(), owner_org
        self.facts, self.result_zst, self.result_json = facts, pack(body), body
        self.rules_version, self.contract_year, self.channel = rules_version, contract_year, channel
        self.user_ref, self.created_at, self._result = user_ref, created_at or utcnow(), result

    @property
    def result(self) -> dict:
        """The engine's result (parsed on first use; treat it as read-only)."""
        if self._result is None:
            self._result = jsonutil.loads(self.result_json)
        return self._result


def new_row(facts: dict, body: bytes, rules_version: str, contract_year: str, channel: str,
            user_ref: str | None = None, created_at=None, result: dict | None = None,
            owner_org: str | None = None) -> NewAssessment:
    """An assessment row for a result given as its JSON text `body`, compressed, ready to insert.

    `result`, when the caller has the objects too, is kept on the row so `row.result` need not
    parse the text again. `owner_org` is the organisation of the API key that made it (None for a chat
    or web user's own).
    """
    return NewAssessment(facts, body, rules_version, contract_year, channel, user_ref, created_at, result, owner_org)


def row_for(facts: dict, result: dict, channel: str, user_ref: str | None = None, created_at=None,
            owner_org: str | None = None) -> NewAssessment:
    """`new_row` for an engine result given as objects."""
    return new_row(facts, jsonutil.dumps_bytes(result), result["rules_version"], result["contract_year"], channel,
                   user_ref, created_at, result, owner_org)


def insert_rows(session: Session, rows: list[NewAssessment]) -> None:
    """Store rows made by `new_row` in one statement (flushed, not committed).

    A Core INSERT on the session's connection: the ORM's unit of work (or its bulk insert) cost as
    much as the database itself. Reading a row back by id loads it from the database.
    """
    if rows:
        session.connection().execute(ASSESSMENT_INSERT, [assessment_values(row) for row in rows])


def save_assessment(session: Session, facts: dict, result: dict, channel: str,
                    user_ref: str | None = None, owner_org: str | None = None) -> NewAssessment:
    """Store an engine result with the facts it came from; returns the stored row (not attached)."""
    row = row_for(facts, result, channel, user_ref, owner_org=owner_org)
    insert_rows(session, [row])
    return row


def get_assessment(session: Session, assessment_id) -> Assessment | None:
    """The assessment with this id, or None (also for ids that cannot exist)."""
    if not isinstance(assessment_id, str) or not ID_PATTERN.fullmatch(assessment_id):
        return None
    return session.get(Assessment, assessment_id)


def visible_assessment(session: Session, assessment_id, principal: Principal) -> Assessment | None:
    """The assessment with this id if `principal` may see it, else None (just as for a missing id)."""
    row = get_assessment(session, assessment_id)
    return row if principal.sees_assessment(row) else None


def linked_assessment(session: Session, assessment_id, orgs=frozenset()) -> Assessment | None:
    """The assessment a result link (the web pages) may show: one made in a chat or the web, or one of
    `orgs` (those a signed-in adviser sees); else None, just as for a missing id."""
    row = get_assessment(session, assessment_id)
    return row if row is not None and (row.owner_org is None or row.owner_org in orgs) else None


def list_assessments(session: Session, user_ref: str | None = None, channel: str | None = None,
                     limit: int = 20) -> list[Assessment]:
    """The most recent assessments, newest first, optionally for one user and/or channel."""
    query = select(Assessment).order_by(Assessment.created_at.desc(), Assessment.id).limit(limit)
    if user_ref is not None:
        query = query.where(Assessment.user_ref == user_ref)
    if channel is not None:
        query = query.where(Assessment.channel == channel)
    return list(session.scalars(query))


def assessment_json(row: Assessment | NewAssessment) -> dict:
    """The assessment as the API returns it: id, created_at and channel, then the engine's result."""
    return {"id": row.id, "created_at": isoformat(row.created_at), "channel": row.channel, **row.result}


def assessment_bytes(row: Assessment | NewAssessment) -> bytes:
    """`assessment_json(row)` as JSON text, spliced from the stored text rather than encoded again."""
    head = jsonutil.dumps_bytes({"id": row.id, "created_at": isoformat(row.created_at), "channel": row.channel})
    body = row.result_json
    if len(body) <= 2:
        return head
    return b"".join((head[:-1], b",", memoryview(body)[1:]))  # one copy of the ~95 KB body, not two


def _checklist_ids(row: Assessment) -> list[str]:
    return [item["id"] for item in row.result.get("checklist") or []]


def set_checklist_item(session: Session, assessment_id: str, item_id: str, done: bool,
                       by: str, note: str | None = None) -> ChecklistItemState:
    """Mark one item of an assessment's checklist done or not done (KeyError for an unknown id).

    `by` is the authenticated principal (e.g. `api-key:NAME`, `slack:U123`); `note` is free text.
    """
    row = get_assessment(session, assessment_id)
    if row is None:
        raise KeyError(f"no assessment {assessment_id!r}")
    if item_id not in _checklist_ids(row):
        raise KeyError(f"assessment {assessment_id} has no checklist item {item_id!r}")
    _upsert_state(session, {"assessment_id": assessment_id, "item_id": item_id, "done": bool(done),
                            "by": by, "at": utcnow(), "note": note})
    return session.scalars(select(ChecklistItemState).where(
        ChecklistItemState.assessment_id == assessment_id, ChecklistItemState.item_id == item_id)
        .execution_options(populate_existing=True)).one()


def _upsert_state(session: Session, values: dict) -> None:
    # One atomic INSERT ... ON CONFLICT UPDATE: two clicks on the same item at once (Slack retries,
    # double clicks) must not both try to insert the row.
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # another database: read, then insert or update
        state = session.scalars(select(ChecklistItemState).where(
            ChecklistItemState.assessment_id == values["assessment_id"],
            ChecklistItemState.item_id == values["item_id"])).one_or_none()
        if state is None:
            session.add(ChecklistItemState(**values))
        else:
            state.done, state.by, state.at, state.note = values["done"], values["by"], values["at"], values["note"]
        session.flush()
        return
    stmt = insert(ChecklistItemState).values(**values)
    session.execute(stmt.on_conflict_do_update(
        index_elements=["assessment_id", "item_id"],
        set_={"done": stmt.excluded.done, "by": stmt.excluded.by, "at": stmt.excluded.at, "note": stmt.excluded.note}))


def state_json(state: ChecklistItemState | None) -> dict:
    """done/by/at/note of an item's state (not done, the rest null when never marked)."""
    if state is None:
        return {"done": False, "by": None, "at": None, "note": None}
    return {"done": state.done, "by": state.by, "at": isoformat(state.at), "note": state.note}


def checklist_with_state(session: Session, assessment_id: str) -> list[dict]:
    """The assessment's checklist items, each with done/by/at (KeyError for an unknown assessment)."""
    row = get_assessment(session, assessment_id)
    if row is None:
        raise KeyError(f"no assessment {assessment_id!r}")
    states = {s.item_id: s for s in session.scalars(
        select(ChecklistItemState).where(ChecklistItemState.assessment_id == assessment_id))}
    return [{**item, **state_json(states.get(item["id"]))} for item in row.result.get("checklist") or []]
