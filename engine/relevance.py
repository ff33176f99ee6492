"""Open questions: the unanswered questions whose answers could still change an assessment.

A question counts on a day when some rule active that day reads it and its own `ask_when` holds;
which rules read which question, and each `ask_when` with its parameters resolved, are worked out
once per knowledge base and day.
"""
from __future__ import annotations

import datetime as dt

from . import cache
from .clauses import hold_resolved, resolved
from .knowledge import Knowledge
from .scope import in_force, scope_of


class QuestionIndex:
    """{question id: [(rule, models), ...]} for every rule whose conditions read it; hashed by
    identity, so what is worked out from it per day is stored under it (`cache.ON_DAY`)."""

    __slots__ = ("knowledge", "uses")

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self.uses: dict = {q: [] for q in knowledge.questions}
        for r in knowledge.rules:
            # a network-wide rule touches every model
            models = scope_of(knowledge, r.get("model")) or tuple(knowledge.models)
            for clause in r.get("when") or []:
                name = next(iter(clause))
                if name in knowledge.questions:
                    self.uses[name].append((r, models))


def question_index(k: Knowledge) -> QuestionIndex:
    """The question index of a knowledge base (made once)."""
    found = cache.READERS.get(k)
    if found is None:
        found = cache.READERS.put(k, QuestionIndex(k))
    return found


def open_questions(k: Knowledge, flat: dict, day: dt.date) -> list:
    """Unanswered questions some rule active on `day` reads and whose `ask_when` holds, as
    [(question id, (model, ...) its answer could change)].

    A quick, static view (the dialogue's `bot.dialogue.relevance` also checks whether each reading
    rule could still fire, at some milliseconds a call): once a model is chosen, only questions that
    touch it count.
    """
    chosen = flat.get("operating_model")
    out = []
    for qid, affects, ask_when in _on_day(question_index(k), day)[0]:
        if qid in flat:
            continue
        if chosen is not None:
            if chosen not in affects:
                continue
            affects = (chosen,)
        if not ask_when or hold_resolved(ask_when, flat):
            out.append((qid, affects))
    return out


def asked(k: Knowledge, flat: dict, day: dt.date) -> tuple:
    """Whether each `ask_when` in use on `day` holds for `flat`: with `day`, the model chosen and
    which facts are known, all that `open_questions` depends on."""
    return tuple(hold_resolved(ask_when, flat) for ask_when in _on_day(question_index(k), day)[1])


def _on_day(index: QuestionIndex, day: dt.date) -> tuple:
    """([(question, models its rules in force touch, its resolved ask_when)] in question order,
    (each of those ask_when that is not empty)) for a day (memoised)."""
    key = (index, day)
    found = cache.ON_DAY.get(key)
    if found is None:
        k = index.knowledge
        affecting = []
        for qid, uses in index.uses.items():
            affects: list = []
            for rule, models in uses:
                if in_force(rule, day):
                    affects.extend(m for m in models if m not in affects)
            if affects:
                affecting.append((qid, tuple(affects), resolved(k.questions[qid].get("ask_when"), k, day)))
        found = cache.ON_DAY.put(key, (affecting, tuple(w for _q, _a, w in affecting if w)))
    return found
