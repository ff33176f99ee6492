"""Condition clauses evaluated in plain Python, with the same meaning the compiler gives them.

Used to decide which questions are still worth asking (`ask_when`) and by the plain-Python
evaluator that checks and benchmarks the durable-rules path.
"""
from __future__ import annotations

import datetime as dt
import operator

from .knowledge import Knowledge

_MISSING = object()


def resolve(value, knowledge: Knowledge, day: dt.date):
    """A clause operand, with `{param: id}` replaced by its value on `day` (None if unknown)."""
    if isinstance(value, dict) and "param" in value:
        return knowledge.param(value["param"], day)[0]
    return value


def holds(test, actual, knowledge: Knowledge, day: dt.date) -> bool:
    """Whether one clause test holds for a fact's value (`_MISSING` when unknown)."""
    if not isinstance(test, dict):
        return actual is not _MISSING and actual == test
    (op, value), = test.items()
    if op == "known":
        return (actual is not _MISSING) == value
    value = resolve(value, knowledge, day)
    if op == "not":
        return actual is _MISSING or actual != value
    if actual is _MISSING or value is None and op != "eq":
        return False
    if op == "eq":
        return actual == value
    if op == "ne":
        return actual != value
    if op == "in":
        return actual in value
    try:
        return _ORDER[op](actual, value)
    except TypeError:
        return False


def all_hold(clauses, facts: dict, knowledge: Knowledge, day: dt.date) -> bool:
    """Whether every clause holds against a flat mapping of fact values."""
    for clause in clauses or []:
        (name, test), = clause.items()
        if not holds(test, facts.get(name, _MISSING), knowledge, day):
            return False
    return True


def resolved(clauses, knowledge: Knowledge, day: dt.date) -> tuple:
    """`clauses` as ((name, predicate), ...) with every `{param: id}` replaced by its value on `day`
    and each test made a one-argument check: `all_hold` of the original on that day equals
    `hold_resolved` of this (no lookups or operator dispatch per call)."""
    out = []
    for clause in clauses or []:
        (name, test), = clause.items()
        if isinstance(test, dict):
            (op, value), = test.items()
            if isinstance(value, dict) and "param" in value:
                test = {op: resolve(value, knowledge, day)}
        out.append((name, predicate(test)))
    return tuple(out)


def predicate(test):
    """`holds(test, actual, None, None)` as a function of `actual` alone, for an already resolved test."""
    if not isinstance(test, dict):
        return lambda actual: actual is not _MISSING and actual == test
    (op, value), = test.items()
    if op == "known":
        return lambda actual: (actual is not _MISSING) == value
    if op == "not":
        return lambda actual: actual is _MISSING or actual != value
    if op == "eq":
        return lambda actual: actual is not _MISSING and actual == value
    if value is None:  # compared with a parameter that has no value on the day: never holds
        return lambda actual: False
    if op == "ne":
        return lambda actual: actual is not _MISSING and actual != value
    if op == "in":
        return lambda actual: actual is not _MISSING and actual in value
    compare = _ORDER[op]

    def check(actual) -> bool:
        if actual is _MISSING:
            return False
        try:
            return compare(actual, value)
        except TypeError:
            return False
    return check


_ORDER = {"lt": operator.lt, "lte": operator.le, "gt": operator.gt, "gte": operator.ge}


def condition(tests: tuple):
    """`hold_resolved(tests, facts)` as one function of `facts`, for tests read on many assessments:
    made once per day, it spares each call the loop over the (usually one or two) clauses."""
    if not tests:
        return _always
    if len(tests) == 1:
        (name, check), = tests
        return lambda facts: check(facts.get(name, _MISSING))
    if len(tests) == 2:
        (first, check_first), (second, check_second) = tests
        return lambda facts: check_first(facts.get(first, _MISSING)) and check_second(facts.get(second, _MISSING))
    return lambda facts: hold_resolved(tests, facts)


def _always(_facts) -> bool:
    return True


def hold_resolved(tests: tuple, facts: dict) -> bool:
    """Whether every (name, predicate) from `resolved` holds against a flat mapping of fact values."""
    for name, check in tests:
        if not check(facts.get(name, _MISSING)):
            return False
    return True


MISSING = _MISSING
