"""Condition clauses evaluated in plain Python, with the same meaning the compiler gives them.

Used to decide which questions are still worth asking (`ask_when`) and by the plain-Python
evaluator that checks and benchmarks the durable-rules path.
"""
from __future__ import annotations

import datetime as dt

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
        if op == "lt":
            return actual < value
        if op == "lte":
            return actual <= value
        if op == "gt":
            return actual > value
        return actual >= value
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
    """`clauses` as ((name, test), ...) with every `{param: id}` replaced by its value on `day`:
    `all_hold` of the original on that day equals `hold_resolved` of this (no lookups per call)."""
    out = []
    for clause in clauses or []:
        (name, test), = clause.items()
        if isinstance(test, dict):
            (op, value), = test.items()
            if isinstance(value, dict) and "param" in value:
                test = {op: resolve(value, knowledge, day)}
        out.append((name, test))
    return tuple(out)


def hold_resolved(tests: tuple, facts: dict) -> bool:
    """Whether every (name, test) from `resolved` holds against a flat mapping of fact values."""
    for name, test in tests:
        if not holds(test, facts.get(name, _MISSING), None, None):
            return False
    return True


MISSING = _MISSING
