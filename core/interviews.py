"""Interviews: the goal-driven interview as other systems drive it, one step per call.

An interview is a conversation on the `api` channel (`core.dialogue`), owned by whoever started it
(an API key's name): its id is unguessable, and another owner asking for it finds nothing, even in
the same organisation. The assessment it stores belongs to the owner's organisation (`org`), so any
key of that organisation can read it. Each call
returns the same view: status (`asking` or `done`), phase (`decide` or `refine`), the question
waiting (with its options), how many were answered and how many more are likely, and, once there
is one, the result (the assessment, with its near misses and coverage) and the stored id.
"""
from __future__ import annotations

import re
import secrets

from engine.errors import FactsError

from .dialogue.commands import Command
from .dialogue.interview import REFINE
from .dialogue.replies import Ask, Result, Say
from .dialogue.runner import Conversations

CHANNEL = "api"
#: What `secrets.token_urlsafe` makes; any other id names no interview (and never reaches the store).
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class NotFound(LookupError):
    """No interview with this id for this owner."""


class NotWaiting(Exception):
    """The question answered is not the one being asked."""


class BadAnswer(ValueError):
    """The answer (or the request) cannot be taken; the message says why."""


class Interviews:
    """Interviews over one set of conversations (any store)."""

    def __init__(self, conversations: Conversations | None = None):
        self.conversations = conversations or Conversations(CHANNEL)
        self.dialogue = self.conversations.dialogue
        self.k = self.dialogue.k

    def _ref(self, owner: str, interview_id: str) -> str:
        if not ID_PATTERN.fullmatch(interview_id):
            raise NotFound(interview_id)
        return f"{owner}:{interview_id}"

    def create(self, owner: str, facts: dict | None = None, org: str | None = None) -> dict:
        """Start an interview, from known facts if given (FactsError names each bad one)."""
        interview_id = secrets.token_urlsafe(12)
        # bad facts raise inside the turn, so nothing is saved for them
        replies = self._turn(owner, interview_id, lambda _state: self.dialogue.start(facts), org)
        return self._view(owner, interview_id, replies)

    def get(self, owner: str, interview_id: str) -> dict:
        """Where the interview stands."""
        return self._view(owner, interview_id, [])

    def answer(self, owner: str, interview_id: str, question: str, value=None, not_sure: bool = False,
               org: str | None = None) -> dict:
        """Answer the waiting question with a value (or "not sure")."""
        def turn(state):
            if state is None:
                raise NotFound(interview_id)
            if question != state.pending:
                raise NotWaiting(question)
            return state, self.dialogue.give(state, question, value, not_sure)
        replies = self._turn(owner, interview_id, turn, org)
        rejected = next((r for r in replies if isinstance(r, Ask) and r.qid == question and r.note), None)
        if rejected is not None:
            raise BadAnswer(rejected.note)
        return self._view(owner, interview_id, replies)

    def back(self, owner: str, interview_id: str, org: str | None = None) -> dict:
        """Undo the last answer and ask that question again."""
        return self._command(owner, interview_id, Command("back"), org)

    def refine(self, owner: str, interview_id: str, topic: str | None = None, org: str | None = None) -> dict:
        """Start phase two (one topic, or every topic in turn)."""
        if topic is not None and topic not in self.topics():
            raise BadAnswer(f"is not a topic: choose from {', '.join(sorted(self.topics()))}")
        return self._command(owner, interview_id, Command("refine", topic or ""), org)

    def change(self, owner: str, interview_id: str, question: str, org: str | None = None) -> dict:
        """Ask an earlier (or a skipped) question again."""
        if question not in self.k.questions:
            raise BadAnswer("is not a question id")
        return self._command(owner, interview_id, Command("change", question), org)

    def topics(self) -> set:
        """Every topic a question belongs to."""
        return set(self.dialogue.interview.topic_order)

    def _command(self, owner: str, interview_id: str, command: Command, org: str | None) -> dict:
        def turn(state):
            if state is None:
                raise NotFound(interview_id)
            return state, self.dialogue.command(state, command)
        return self._view(owner, interview_id, self._turn(owner, interview_id, turn, org))

    def _turn(self, owner: str, interview_id: str, fn, org: str | None = None) -> list:
        return self.conversations.store.turn(CHANNEL, self._ref(owner, interview_id), fn, owner_org=org)

    def _view(self, owner: str, interview_id: str, replies: list) -> dict:
        state = self.conversations.store.load(CHANNEL, self._ref(owner, interview_id))
        if state is None:
            raise NotFound(interview_id)
        d = self.dialogue
        ask = next((r for r in reversed(replies) if isinstance(r, Ask)), None)
        if ask is None and state.pending:
            ask = d.ask(state, state.pending)
        shown = next((r for r in replies if isinstance(r, Result)), None)
        result = None
        if state.finished or state.phase == REFINE:
            result = shown.assessment if shown else d.engine.assess(state.final_facts(), explain=True)
        return {
            "id": interview_id,
            "status": "asking" if state.pending else "done",
            "phase": state.phase,
            "question": self._question(ask) if state.pending and ask else None,
            "asked": state.asked,
            "remaining": (ask.remaining + 1) if state.pending and ask else 0,
            "assessment_id": state.assessment_id if state.finished else None,
            "result": result,
            "notes": [r.text for r in replies if isinstance(r, Say) and r.kind in ("notice", "problem")],
            "topics": d.interview.topics(d.view(state), state.skipped) if result is not None else [],
            "undecided": shown.undecided if shown else [],
        }

    def _question(self, ask: Ask) -> dict:
        q = ask.question
        return {"id": ask.qid, "text": q["prompt"], "help": q.get("help"), "why": q.get("why"), "type": q["type"],
                "choices": [{"value": c["value"], "label": c["label"]} for c in q.get("choices") or []],
                "previous": ask.previous}


__all__ = ["BadAnswer", "FactsError", "Interviews", "NotFound", "NotWaiting"]
