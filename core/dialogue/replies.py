"""Replies: what the dialogue says back, as data that each channel (terminal, Slack) renders its way.

The dialogue core never formats for a channel. It returns a list of these, in order.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Say:
    """A short message: information, a problem with an answer, or help."""

    text: str
    kind: str = "info"          # info | problem | help | notice


@dataclass
class Ask:
    """A question to put to the person."""

    qid: str
    question: dict              # the question from knowledge/ (type, prompt, help, choices, ...)
    number: int                 # how many questions have been answered before this one, plus one
    remaining: int              # how many more are likely after this one (a guess: answers can change it)
    previous: str | None = None  # the earlier answer, shown when going back or changing it
    note: str | None = None      # a re-prompt explaining what was wrong with the last answer
    ack: str | None = None       # the last answer read back ("42,000 patients"), so a misreading shows
    aside: str | None = None     # something to know before answering (today is beyond the sources' years)


@dataclass
class Explain:
    """Why a question matters: its own reason and the rules that read it, each cited."""

    qid: str
    prompt: str
    why: str
    citation: dict
    rules: list = field(default_factory=list)   # [{id, text, citation, models, kind, live, basis}]


@dataclass
class Result:
    """The assessment on the answers so far, with what depends on each "not sure" answer and what
    refining could still change."""

    assessment: dict
    facts: dict
    unsure: list = field(default_factory=list)   # [{id, prompt, depends: [{text, citation, models}]}]
    assessment_id: object = None
    phase: str = "decide"                        # the interview's phase when it was shown
    topics: list = field(default_factory=list)   # refine offer: [{id, label, count, skipped}]
    undecided: list = field(default_factory=list)  # question ids that could still change the decision


@dataclass
class WhatIf:
    """What would change with some answers changed (nothing saved), or why it could not be tried."""

    changes: list = field(default_factory=list)   # [{id, prompt, answer}] the answers tried
    diff: dict = field(default_factory=dict)      # engine.what_if.compare's result
    problem: str | None = None


@dataclass
class Choices:
    """The list of answers the person can change (for a bare "change")."""

    items: list                  # [{id, prompt, answer}]


@dataclass
class Lookup:
    """A free-text question to answer; the runner replaces it with an `Answer`."""

    question: str


@dataclass
class Answer:
    """A cited answer from the knowledge base (see core.answers), or its "not found"."""

    answer: dict                 # {question, found, guidance, sources, rules, checklist, message, ...}


@dataclass
class Escalate:
    """A request for an LMC adviser; the runner opens the cases and replaces it with `Escalated`."""

    question: str | None = None  # the question just asked, when the request follows one
    note: str | None = None      # what the person typed after "adviser"
    assessment_id: object = None  # the conversation's finished assessment, if any
    contact: dict | None = None   # the practice or network name and an email, where a form asked


@dataclass
class Escalated:
    """The cases an escalation opened (`new`) or found already open; or why it could not be done."""

    cases: list = field(default_factory=list)   # case dicts as the API shows them, plus "new"
    problem: str | None = None


@dataclass
class AdviserReply:
    """An adviser's reply to one of the person's cases."""

    case: dict
