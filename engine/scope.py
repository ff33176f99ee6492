"""Scope: which models a rule or checklist item is about, and on which days it is in force.

A rule's `model` is absent (network-wide), "any" (every model, one variant each) or one model id;
a checklist item's `models` lists model ids. Everywhere else in the engine a scope is either None
(network-wide) or a tuple of model ids in knowledge order, made here once.
"""
from __future__ import annotations

import datetime as dt

from .knowledge import MODEL_ANY, Knowledge

#: The fact naming the model the practices chose (the question `operating_model`).
CHOICE_FACT = "operating_model"


def scope_of(knowledge: Knowledge, model) -> tuple | None:
    """A `model`/`models` value as a scope: None for network-wide, else a tuple of model ids."""
    if model is None or model == []:
        return None
    if model == MODEL_ANY:
        return tuple(knowledge.models)
    return (model,) if isinstance(model, str) else tuple(model)


def models_in(scope: tuple | None) -> tuple:
    """The models a scope is evaluated for: (None,) for network-wide, else its model ids."""
    return (None,) if scope is None else scope


def in_force(entry: dict, day: dt.date) -> bool:
    """Whether an entry's `from`/`until` window covers `day`."""
    start, end = entry.get("from"), entry.get("until")
    return not (start and day < start or end and day > end)


def derived_scoped(knowledge: Knowledge) -> dict:
    """{derived value name: whether it is derived per model} (a model-scoped rule derives it)."""
    return knowledge.memo.once("derived_scoped", lambda: {
        n: r.get("model") is not None for r in knowledge.rules for n in (r["then"].get("derive") or {})})
