"""Driving the dialogue core directly: answer whatever it asks, from a script or by type."""
from __future__ import annotations

import datetime as dt

import pytest

from core.dialogue.conversation import Dialogue
from core.dialogue.replies import Ask, Result

TODAY = dt.date(2019, 9, 1)
DEFAULTS = {"integer": "42000", "date": "1 July 2019", "boolean": "yes",
            "practices": "Riverside Surgery, A81001, 42000"}


class Run:
    """A conversation being driven: its state, the questions asked in order, the last replies."""

    def __init__(self, dialogue: Dialogue):
        self.d = dialogue
        self.state, self.replies = dialogue.start()
        self.asked: list[str] = []
        self._note()

    def _note(self):
        ask = self.ask
        if ask is not None and (not self.asked or self.asked[-1] != ask.qid or ask.note is None):
            self.asked.append(ask.qid)

    @property
    def ask(self) -> Ask | None:
        """The question the last replies end with, if any."""
        asks = [r for r in self.replies if isinstance(r, Ask)]
        return asks[-1] if asks else None

    @property
    def result(self) -> Result | None:
        """The result in the last replies, if any."""
        return next((r for r in self.replies if isinstance(r, Result)), None)

    def say(self, text: str) -> list:
        """Type something; returns the replies."""
        self.replies = self.d.handle(self.state, text)
        self._note()
        return self.replies

    def click(self, qid: str, value) -> list:
        """Click an option."""
        self.replies = self.d.choose(self.state, qid, value)
        self._note()
        return self.replies

    def answer_all(self, answers: dict | None = None, limit: int = 150, refine: bool = True) -> Result:
        """Answer until the result: `answers` maps question ids to typed text, else a default by type;
        with `refine`, go on through every refining topic to the final result."""
        answers = answers or {}
        for _ in range(limit):
            if self.result is not None:
                if refine and self.state.phase == "decide":
                    self.say("refine")
                    continue
                return self.result
            q = self.ask.question
            text = answers.get(self.ask.qid)
            if text is None:
                text = DEFAULTS.get(q["type"]) or q["choices"][0]["value"]
            self.say(text)
        raise AssertionError("no result")


@pytest.fixture(scope="session")
def dialogue() -> Dialogue:
    """The dialogue on the default knowledge, with a fixed today."""
    return Dialogue(today=TODAY)


@pytest.fixture
def run(dialogue):
    """Start a conversation: run() -> Run."""
    return lambda: Run(dialogue)
