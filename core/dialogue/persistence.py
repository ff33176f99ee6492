"""Where conversation state lives between turns: the database (SQL) or memory (tests, `--no-save`).

A store runs one *turn* at a time for a (channel, person) pair: load the state, let the dialogue
change it, then save the state and any finished assessment together in one transaction. Turns that
race for the same conversation are serialised (a row lock on PostgreSQL, the version check on
SQLite) and the loser is re-run on the winner's state, so concurrent answers are never lost.
"""
from __future__ import annotations

import threading
import time
import uuid
from typing import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from core.assessments import list_assessments, save_assessment
from core.db import session_scope, shared_db_engine
from core.records import Conversation, utcnow

from .replies import Result
from .state import State

Turn = Callable[["State | None"], "tuple[State, list]"]
ATTEMPTS = 10


def _results(replies: list) -> list[Result]:
    return [r for r in replies if isinstance(r, Result) and r.assessment_id is None]


class MemoryStore:
    """States and finished assessments in this process only."""

    def __init__(self):
        self.states: dict[tuple[str, str], dict] = {}
        self.assessments: dict[str, dict] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()

    def load(self, channel: str, user: str) -> State | None:
        """The saved state, or None."""
        data = self.states.get((channel, user))
        return State.from_json(data) if data else None

    def conversation_id(self, channel: str, user: str) -> None:
        """Memory conversations have no id."""
        return None

    def latest_assessment_id(self, channel: str, user: str) -> None:
        """Memory keeps no history of assessments beyond the conversation's own."""
        return None

    def turn(self, channel: str, user: str, fn: Turn, owner_org: str | None = None) -> list:
        """Run `fn` on the saved state and save what it returns."""
        key = (channel, user)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            state, replies = fn(self.load(channel, user))
            for r in _results(replies):
                r.assessment_id = state.assessment_id = uuid.uuid4().hex
                self.assessments[r.assessment_id] = {"facts": r.facts, "result": r.assessment,
                                                     "channel": channel, "user_ref": user, "owner_org": owner_org}
            self.states[key] = state.to_json()
            return replies


class SQLStore:
    """States in the `conversations` table; finished assessments through `core.assessments`."""

    def __init__(self, engine=None):
        self.engine = engine or shared_db_engine()

    def load(self, channel: str, user: str) -> State | None:
        """The saved state, or None."""
        with session_scope(self.engine) as s:
            row = self._row(s, channel, user, lock=False)
            return State.from_json(row.state) if row else None

    def conversation_id(self, channel: str, user: str) -> int | None:
        """The id of the person's conversation row, if saved."""
        with session_scope(self.engine) as s:
            row = self._row(s, channel, user, lock=False)
            return row.id if row else None

    def latest_assessment_id(self, channel: str, user: str) -> str | None:
        """The id of the person's newest stored assessment on this channel, if any."""
        with session_scope(self.engine) as s:
            rows = list_assessments(s, user_ref=user, channel=channel, limit=1)
            return rows[0].id if rows else None

    def _row(self, session, channel: str, user: str, lock: bool):

        query = select(Conversation).where(Conversation.channel == channel, Conversation.user_ref == user)
        if lock:
            query = query.with_for_update()   # PostgreSQL: the next turn waits; SQLite ignores it
        return session.scalars(query).one_or_none()

    def turn(self, channel: str, user: str, fn: Turn, owner_org: str | None = None) -> list:
        """Run `fn` on the saved state and save state and assessment in one transaction; an assessment
        made for an API key belongs to its organisation (`owner_org`)."""
        for attempt in range(ATTEMPTS):
            try:
                with session_scope(self.engine) as s:
                    row = self._row(s, channel, user, lock=True)
                    state, replies = fn(State.from_json(row.state) if row else None)
                    for r in _results(replies):
                        saved = save_assessment(s, r.facts, r.assessment, channel, user_ref=user, owner_org=owner_org)
                        r.assessment_id = state.assessment_id = saved.id
                    if row is None:
                        s.add(Conversation(channel=channel, user_ref=user, state=state.to_json(), updated_at=utcnow()))
                    else:
                        row.state, row.updated_at = state.to_json(), utcnow()
                return replies
            except (StaleDataError, IntegrityError, OperationalError):
                # another turn for the same person committed first: run this one again on its result
                if attempt == ATTEMPTS - 1:
                    raise
                time.sleep(0.005 * (attempt + 1))
        raise AssertionError("unreachable")
