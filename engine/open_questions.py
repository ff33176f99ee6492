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


class QuestionRules(dict):
    """{question id: [(from, until, models), ...]}, with what was worked out from it per day."""

    def __init__(self, *args):
        super().__init__(*args)
        self.on_day: dict = {}   # day -> `_affects_on` for that day
        self.asking: dict = {}   # day -> `_asking_on` for that day


def rules_reading(k: Knowledge) -> QuestionRules:
    """{question id: [(from, until, models), ...]} for every rule whose conditions read it."""
    question_rules = QuestionRules({q: [] for q in k.questions})
    for r in k.rules:
        models = tuple(models_in(k, r.get("model") or "any"))  # a network-wide rule touches every model
        for clause in r.get("when") or []:
            name = next(iter(clause))
            if name in k.questions:
                question_rules[name].append((r.get("from"), r.get("until"), models))
    return question_rules


def open_questions(k: Knowledge, question_rules: QuestionRules, flat: dict, day: dt.date) -> list:
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


def asked(k: Knowledge, question_rules: QuestionRules, flat: dict, day: dt.date) -> tuple:
    """Whether each `ask_when` in use on `day` holds for `flat`: with `day`, the model chosen and
    which facts are known, all that `open_questions` depends on."""
    return tuple(hold_resolved(ask_when, flat) for ask_when in _asking_on(k, question_rules, day))


def _asking_on(k: Knowledge, question_rules: QuestionRules, day: dt.date) -> tuple:
    """The resolved `ask_when` of each question in use on `day` that has one (memoised)."""
    cached = question_rules.asking.get(day)
    if cached is None:
        if len(question_rules.asking) > 4096:  # bounded: dates in use are few, but callers may send any
            question_rules.asking.clear()
        cached = question_rules.asking[day] = tuple(w for _q, _a, w in _affects_on(k, question_rules, day) if w)
    return cached


def _affects_on(k: Knowledge, question_rules: QuestionRules, day: dt.date) -> list:
    """[(question, models its active rules touch, its resolved ask_when)] for a day, in question
    order (memoised)."""
    cached = question_rules.on_day.get(day)
    if cached is None:
        cached = []
        for qid, uses in question_rules.items():
            affects: list = []
            for start, end, models in uses:
                if not (start and day < start or end and day > end):
                    affects.extend(m for m in models if m not in affects)
            if affects:
                cached.append((qid, tuple(affects), resolved(k.questions[qid].get("ask_when"), k, day)))
        if len(question_rules.on_day) > 4096:
            question_rules.on_day.clear()
        question_rules.on_day[day] = cached
    return cached
