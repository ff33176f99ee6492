"""What differs between two knowledge bases, by id: the rules, parameters, questions, checklist items
and models added, removed or changed (any change to an entry's data counts, wording included).
"""
from __future__ import annotations

import orjson

from .knowledge import Knowledge

KINDS = ("rules", "parameters", "questions", "checklist", "models")


def _entries(k: Knowledge, kind: str) -> dict:
    if kind == "rules":
        return {r["id"]: r for r in k.rules}
    return dict(getattr(k, kind))


def _same(a, b) -> bool:
    dump = lambda v: orjson.dumps(v, default=str, option=orjson.OPT_SORT_KEYS)  # noqa: E731
    return dump(a) == dump(b)


def diff(a: Knowledge, b: Knowledge) -> dict:
    """{from, to, rules|parameters|questions|checklist|models: {added, removed, changed}} from `a` to `b`."""
    out: dict = {"from": a.rules_version, "to": b.rules_version}
    for kind in KINDS:
        x, y = _entries(a, kind), _entries(b, kind)
        out[kind] = {"added": [i for i in y if i not in x], "removed": [i for i in x if i not in y],
                     "changed": [i for i in x if i in y and not _same(x[i], y[i])]}
    return out


def counts(d: dict) -> dict:
    """{kind: {added: n, removed: n, changed: n}} of a `diff`."""
    return {kind: {what: len(ids) for what, ids in d[kind].items()} for kind in KINDS}
