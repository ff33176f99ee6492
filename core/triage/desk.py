"""The advice desk, as the conversational front ends (Slack, `pcn chat`) see it.

`Desk.answer(question)` gives a cited answer (or "not found"), `Desk.escalate(...)` opens triage
cases for a person, and `Desk.undelivered(...)` returns advisers' replies not yet passed on. It
works on the service's database; without one, answers use a private in-memory index and
escalation is unavailable (there is nowhere to keep a case).
"""
from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from core.assessments import get_assessment
from engine.facts import storable

from ..answers.answer import answer
from ..db import session_scope
from . import casework, opening


class DeskUnavailable(RuntimeError):
    """Escalation needs the database (run `pcn db upgrade`)."""


class Desk:
    """Answers and escalation for one knowledge base and (optionally) one database."""

    def __init__(self, knowledge, db_engine=None):
        self.k = knowledge
        self.db = db_engine
        self._index = db_engine

    def _index_engine(self):
        if self._index is None:
            # one shared connection: an in-memory SQLite database lives only as long as its connection
            self._index = create_engine("sqlite://", poolclass=StaticPool,
                                        connect_args={"check_same_thread": False})
        return self._index

    def answer(self, question: str) -> dict:
        """The cited answer to a free-text question, or a "not found" offering an adviser."""
        return answer(self._index_engine(), self.k, question)

    def escalate(self, *, channel: str, user_ref: str, opened_by: str | None = None, assessment_id: str | None = None,
                 question: str | None = None, note: str | None = None, conversation_id: int | None = None,
                 contact: dict | None = None) -> list[dict]:
        """Open (or find) the person's case; each as the API shows it, plus `new`. `contact`: the
        practice or network name they gave and an optional email (checked: `contact_problem`)."""
        if self.db is None:
            raise DeskUnavailable("there is no database to keep the case in (run `pcn db upgrade`, without --no-save)")
        triage = opening.triage_for(self.k)
        question, note = storable(question), storable(note)  # typed in a chat or a web form: anything goes
        contact = {k: storable(v) for k, v in (contact or {}).items() if v}
        common = dict(channel=channel, opened_by=opened_by or f"{channel}:{user_ref}", user_ref=user_ref,
                      note=note, conversation_id=conversation_id, contact=contact)
        with session_scope(self.db) as s:
            row = get_assessment(s, assessment_id) if assessment_id else None
            if row is not None and (row.user_ref != user_ref or row.channel != channel):
                row = None      # only a person's own assessments are passed to the advisers
            if question or row is None:
                opened = opening.escalate_request(s, triage, question=question,
                                                  assessment_id=row.id if row else None, **common)
            else:
                opened = opening.escalate_assessment(s, triage, row, **common)
            return [dict(casework.case_json(o.case), new=o.new) for o in opened]

    def undelivered(self, channel: str, user_ref: str, by: str | None = None) -> list[dict]:
        """Resolved cases whose replies the person has not seen; marked as passed on."""
        if self.db is None:
            return []
        with session_scope(self.db) as s:
            cases = casework.undelivered(s, channel, user_ref)
            for c in cases:
                casework.add_event(s, c.id, "notified", by or channel, {"channel": channel})
            return [casework.case_json(c) for c in cases]
