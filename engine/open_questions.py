"""Open questions: the unanswered questions whose answers could still change an assessment.

A question counts on a day when some rule active that day reads it and its own `ask_when` holds;
which rules read which question, and each `ask_when` with its parameters resolved, are worked out
once per knowledge base and day.
"""
from __future__ import annotations

import datetime as dt

from .clauses import hold_resolved, resolved
from .compiler import models_in
from .knowledge import Knowledge


def rules_reading(k: Knowledge) -> dict:
    """{question id: [(from, until, models), ...]} for every rule whose conditions read it."""
    question_rules: dict = {q: [] for q in k.questions}
    for r in k.rules:
        models = tuple(models_in(k, r.get("model") or "any"))  # a network-wide rule touches every model
        for clause in r.get("when") or []:
            name = next(iter(clause))
            if name in k.questions:
                question_rules[name].append((r.get("from"), r.get("until"), models))
    return question_rules


def open_questions(k: Knowledge, question_rules: dict, flat: dict, day: dt.date) -> list:
    """Unanswered questions some rule active on `day` reads and whose `ask_when` holds, as
    [(question id, (model, ...) its answer could change)].

    A quick, static view (the dialogue's `bot.dialogue.relevance` also checks whether each reading
    rule could still fire, at some milliseconds a call): once a model is chosen, only questions that
    touch it count.
    """
    chosen = flat.get("operating_model")
    out = []
    for qid, affects, ask_when in _affects_on(k, question_rules, day):
        if qid in flat:
            continue
        if chosen is not None:
            if chosen not in affects:
                continue
            affects = (chosen,)
        if not ask_when or hold_resolved(ask_when, flat):
            out.append((qid, affects))
    return out


def asked(k: Knowledge, question_rules: dict, flat: dict, day: dt.date) -> tuple:
    """Whether each `ask_when` in use on `day` holds for `flat`: with `day`, the model chosen and
    which facts are known, all that `open_questions` depends on."""
    return tuple(hold_resolved(ask_when, flat) for ask_when in _asking_on(k, question_rules, day))


_AFFECTS: dict = {}
_ASKING: dict = {}


def _asking_on(k: Knowledge, question_rules: dict, day: dt.date) -> tuple:
    """The resolved `ask_when` of each question in use on `day` that has one (memoised)."""
    key = (id(question_rules), day)
    cached = _ASKING.get(key)
    if cached is None:
        if len(_ASKING) > 4096:
            _ASKING.clear()
        cached = _ASKING[key] = tuple(w for _q, _a, w in _affects_on(k, question_rules, day) if w)
    return cached


def _affects_on(k: Knowledge, question_rules: dict, day: dt.date) -> list:
    """[(question, models its active rules touch, its resolved ask_when)] for a day, in question
    order (memoised)."""
    key = (id(question_rules), day)
    cached = _AFFECTS.get(key)
    if cached is None:
        cached = []
        for qid, uses in question_rules.items():
            affects: list = []
            for start, end, models in uses:
                if not (start and day < start or end and day > end):
                    affects.extend(m for m in models if m not in affects)
            if affects:
                cached.append((qid, tuple(affects), resolved(k.questions[qid].get("ask_when"), k, day)))
        if len(_AFFECTS) > 4096:  # bounded: dates in use are few, but callers may send any
            _AFFECTS.clear()
        _AFFECTS[key] = cached
    return cached
