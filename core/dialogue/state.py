"""Conversation state: everything needed to carry a conversation on, as plain JSON.

The state is saved after every turn, so a restarted service picks each conversation up exactly
where it was. It holds answers (engine-ready values), the questions answered "not sure", the order
answers were given (for *back*), the question awaiting an answer, the assessment once finished, and
where the interview is: its phase (decide, then refine), the topic being refined, topics skipped,
and which answers were given in phase one (they count towards its limit).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

VERSION = 1


@dataclass
class State:
    """One conversation's progress."""

    started: str                                   # ISO date: the default assessment date
    facts: dict = field(default_factory=dict)      # question id -> engine-ready answer
    unsure: list = field(default_factory=list)     # question ids answered "not sure"
    history: list = field(default_factory=list)    # question ids in the order last answered
    pending: str | None = None                     # the question awaiting an answer
    finished: bool = False                         # the result has been shown
    assessment_id: object = None                   # the stored assessment, once saved
    asked: int = 0                                 # questions answered so far (shown as progress)
    last_question: str | None = None               # a free-text question asked in the previous turn
    phase: str = "decide"                          # "decide", then "refine" once asked for
    topic: str | None = None                       # the topic being refined (None: every topic in turn)
    skipped: list = field(default_factory=list)    # topics skipped while refining
    decided: list = field(default_factory=list)    # question ids answered in phase one
    left: int | None = None                        # questions likely after the pending one, when chosen
    undone: dict | None = None                     # the answer *back* took away: {qid, value, unsure}
    v: int = VERSION

    @classmethod
    def new(cls, today: dt.date | None = None) -> "State":
        """A fresh conversation starting today."""
        return cls(started=(today or dt.date.today()).isoformat())

    @classmethod
    def from_json(cls, data: dict) -> "State":
        """Rebuild a state saved by `to_json` (unknown keys from newer versions are ignored)."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def to_json(self) -> dict:
        """The state as a JSON-ready dict."""
        return asdict(self)

    @property
    def day(self) -> dt.date:
        """The assessment date: the answer to `as_of`, else the day the conversation started."""
        return dt.date.fromisoformat(self.facts.get("as_of") or self.started)

    def answered(self, qid: str) -> bool:
        """Whether a question has an answer, "not sure" included."""
        return qid in self.facts or qid in self.unsure

    def forget(self, qid: str) -> None:
        """Drop a question's answer (value or "not sure") and its place in the history."""
        self.facts.pop(qid, None)
        if qid in self.unsure:
            self.unsure.remove(qid)
        if qid in self.history:
            self.history.remove(qid)
        if qid in self.decided:
            self.decided.remove(qid)

    def record(self, qid: str, value, unsure: bool) -> None:
        """Store an answer (replacing any earlier one) and move it to the end of the history."""
        self.forget(qid)
        self.undone = None
        if unsure:
            self.unsure.append(qid)
        else:
            self.facts[qid] = value
        self.history.append(qid)
        if self.phase == "decide":
            self.decided.append(qid)

    def final_facts(self) -> dict:
        """The facts the assessment is made on: the answers plus an explicit date."""
        facts = dict(self.facts)
        facts.setdefault("as_of", self.started)
        return facts
