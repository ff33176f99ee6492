"""Wording: the dated terms a knowledge text names as `{term}`, put in for the day a text is read on.

Some words change with the date, not the rule: the local commissioner was the CCG until 30 June 2022
and the ICB from 1 July 2022. Such a word is a *term* (knowledge/terms.yaml): a parameter whose
dated values are words (`unit: term`). Texts a person reads (rules, checklist items, questions,
duties, disagreements, triage reasons, models, contacts) write `{commissioner}` and `for_day` gives the
knowledge base with every such placeholder filled in for a day, made once per set of terms in force
(so once per knowledge version and wording period) and kept in the knowledge base's `memo` (the
worded copy starts with a memo of its own). Before a term's first period its first word stands. `placeholders` lists the names in a text, for the validator.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader checks placeholders with this module, so it may not import the loader
    from .knowledge import Knowledge

TERM_UNIT = "term"
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
#: The Knowledge fields whose texts people read (insight and funding notes hold format strings
#: of their own, filled in by the code that uses them).
WORDED = ("questions", "models", "rules", "checklist", "disagreements", "triage", "duties", "contacts")


def placeholders(text: str) -> set:
    """The `{name}` placeholders in a text."""
    return set(PLACEHOLDER.findall(text)) if "{" in text else set()


def term_ids(k: Knowledge) -> tuple:
    """The ids of the knowledge base's terms, in file order."""
    return tuple(pid for pid, p in k.parameters.items() if p.get("unit") == TERM_UNIT)


def terms(k: Knowledge, day: dt.date) -> tuple:
    """((term id, its word on `day`), ...): the first period's word before any period covers the day."""
    out = []
    for tid in term_ids(k):
        value, _citation = k.param(tid, day)
        out.append((tid, value if value is not None else k.parameters[tid]["values"][0]["value"]))
    return tuple(out)


def say(text: str, words: dict) -> str:
    """`text` with each known `{term}` replaced by its word (other braces left as they are)."""
    if "{" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), text)


def _worded(node, words: dict):
    if isinstance(node, str):
        return say(node, words)
    if isinstance(node, dict):
        return {key: _worded(value, words) for key, value in node.items()}
    if isinstance(node, list):
        return [_worded(value, words) for value in node]
    return node


def for_day(k: Knowledge, day: dt.date) -> Knowledge:
    """The knowledge base as read on `day`: the same rules and version, its texts in that day's terms
    (`k` itself when it has no terms). A copy already worded for another day is worded afresh from
    the knowledge base it was made from."""
    base = k.memo.once("unworded", lambda: k)
    return base.memo.daily("worded_day", day, lambda: _for_terms(base, terms(base, day)))


def _for_terms(k: Knowledge, words: tuple) -> Knowledge:
    """`k` with its texts in `words` (made once per set of words: one copy per wording period)."""
    if not words:
        return k
    return k.memo.once(("worded", words), lambda: _copy(k, dict(words)))


def _copy(k: Knowledge, words: dict) -> Knowledge:
    worded = dataclasses.replace(k, **{name: _worded(getattr(k, name), words) for name in WORDED})
    worded.memo.once("unworded", lambda: k)
    return worded
