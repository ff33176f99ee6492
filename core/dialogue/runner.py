"""Conversations on one channel: each call is one turn for one person, run through a state store.

This is what the front ends (Slack, the terminal) call. It knows people only by an opaque
reference; the dialogue knows nothing of stores; the store knows nothing of questions. Requests
the dialogue cannot carry out itself (answer a free-text question, open adviser cases) are done
here, after the turn is saved, through the advice desk (`core.triage.desk`).
"""
from __future__ import annotations

from core.triage.desk import Desk, DeskUnavailable

from .conversation import Dialogue
from .persistence import MemoryStore
from .replies import AdviserReply, Answer, Escalate, Escalated, Lookup, Say
from .state import State


class Conversations:
    """Start, resume and continue conversations for people on one channel."""

    def __init__(self, channel: str, store=None, dialogue: Dialogue | None = None, desk=None,
                 shown_as: str | None = None):
        self.channel = channel
        # how people on this channel are named on their cases (None: by their reference); a channel
        # whose references are secrets (the web's) names them by role instead
        self.shown_as = shown_as
        self.store = store or MemoryStore()
        self.dialogue = dialogue or Dialogue()
        self._desk = desk

    @property
    def desk(self):
        """The advice desk on the store's database (answers only, in memory, without one)."""
        if self._desk is None:
            self._desk = Desk(self.dialogue.k, getattr(self.store, "engine", None))
        return self._desk

    def open(self, user: str) -> list:
        """Resume the person's unfinished conversation, or start a new one."""
        def turn(state: State | None):
            if state is not None and not state.finished:
                return state, self.dialogue.resume(state)
            return self.dialogue.start()
        return self.store.turn(self.channel, user, turn)

    def start(self, user: str) -> list:
        """Start a new conversation (any unfinished one is replaced; saved assessments are kept)."""
        return self.store.turn(self.channel, user, lambda state: self.dialogue.start())

    def say(self, user: str, text: str) -> list:
        """Typed text: an answer, a command or a question (a first message may start the conversation)."""
        def turn(state: State | None):
            if state is None:
                return self.dialogue.first(text)
            return state, self.dialogue.handle(state, text)
        return self.fulfil(user, self.store.turn(self.channel, user, turn))

    def click(self, user: str, qid: str, value) -> list:
        """A clicked option for question `qid` (or "why" / "back")."""
        def turn(state: State | None):
            if state is None:
                new, replies = self.dialogue.start()
                return new, [Say("That conversation has ended, so here is a new one.", "notice")] + replies
            return state, self.dialogue.choose(state, qid, value)
        return self.store.turn(self.channel, user, turn)

    def escalate(self, user: str, question: str | None = None, note: str | None = None,
                 assessment_id: str | None = None, contact: dict | None = None) -> list:
        """Ask an adviser (a button, not typed): about a question, else an assessment (default: the latest)."""
        if assessment_id is None and question is None:
            state = self.state(user)
            assessment_id = state.assessment_id if state else None
        return self.fulfil(user, [Escalate(question, note, assessment_id, contact)])

    def adviser_replies(self, user: str) -> list:
        """Advisers' replies the person has not seen yet (each marked as passed on)."""
        return [AdviserReply(c) for c in self.desk.undelivered(self.channel, user)]

    def state(self, user: str) -> State | None:
        """The person's saved state, if any."""
        return self.store.load(self.channel, user)

    def latest_assessment_id(self, user: str, state: State | None = None) -> str | None:
        """The person's most recent saved assessment: their conversation's (from `state`, else the
        saved one), else the newest stored for them on this channel."""
        state = state if state is not None else self.state(user)
        if state is not None and state.assessment_id:
            return state.assessment_id
        return self.store.latest_assessment_id(self.channel, user)

    def fulfil(self, user: str, replies: list) -> list:
        """Replies with each `Lookup` answered and each `Escalate` carried out."""
        out = []
        for r in replies:
            if isinstance(r, Lookup):
                out.append(Answer(self.desk.answer(r.question)))
            elif isinstance(r, Escalate):
                out.append(self._escalate(user, r))
            else:
                out.append(r)
        return out

    def _escalate(self, user: str, r: Escalate) -> Escalated:
        try:
            cases = self.desk.escalate(channel=self.channel, user_ref=user, assessment_id=r.assessment_id,
                                       opened_by=f"{self.channel}:{self.shown_as}" if self.shown_as else None,
                                       question=r.question, note=r.note, contact=r.contact,
                                       conversation_id=self.store.conversation_id(self.channel, user))
        except DeskUnavailable as exc:
            return Escalated([], problem=f"Sorry, I can't pass this to the advisers: {exc}.")
        return Escalated(cases)
