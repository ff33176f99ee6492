"""Conversations on one channel: each call is one turn for one person, run through a state store.

This is what the front ends (Slack, the terminal) call. It knows people only by an opaque
reference; the dialogue knows nothing of stores; the store knows nothing of questions.
"""
from __future__ import annotations

from .conversation import Dialogue
from .replies import Say
from .state import State
from .store import MemoryStore


class Conversations:
    """Start, resume and continue conversations for people on one channel."""

    def __init__(self, channel: str, store=None, dialogue: Dialogue | None = None):
        self.channel = channel
        self.store = store or MemoryStore()
        self.dialogue = dialogue or Dialogue()

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
        """Typed text: an answer or a command (a first message starts the conversation)."""
        def turn(state: State | None):
            if state is None:
                return self.dialogue.start()
            return state, self.dialogue.handle(state, text)
        return self.store.turn(self.channel, user, turn)

    def click(self, user: str, qid: str, value) -> list:
        """A clicked option for question `qid` (or "why" / "back")."""
        def turn(state: State | None):
            if state is None:
                new, replies = self.dialogue.start()
                return new, [Say("That conversation has ended, so here is a new one.", "notice")] + replies
            return state, self.dialogue.choose(state, qid, value)
        return self.store.turn(self.channel, user, turn)

    def state(self, user: str) -> State | None:
        """The person's saved state, if any."""
        return self.store.load(self.channel, user)
