"""The explanation: for every rule variant that fired, in output order, why and on which facts.

Each entry is the rule's fixed text and citation around `matched`, the facts it read (those known),
any derived values it read, and the model it was fired for. Most rules fire on questions nobody has
answered yet, so their `matched` holds no fact at all and their entry is the same every time: that
entry is prepared once per variant (`Event.explanation_fixed`) and shared, read-only, by every
assessment; only entries that show a fact's value are made per assessment.
"""
from __future__ import annotations


def entries(events: tuple, flat: dict, derived: dict) -> list:
    """The explanation: one entry per fired event."""
    known = flat.keys()
    return [_entry(ev, flat, derived) if ev.derived or not known.isdisjoint(ev.fact_names) else ev.explanation_fixed
            for ev in events]


def _entry(ev, flat: dict, derived: dict) -> dict:
    """An event's entry showing the facts and derived values it read."""
    matched = {n: flat[n] for n in ev.fact_names if n in flat}
    for name, key in ev.derived:
        matched[name] = derived.get(key)
    if ev.model is not None:
        matched["model"] = ev.model
    entry = ev.explanation.copy()
    entry["matched"] = matched
    return entry
