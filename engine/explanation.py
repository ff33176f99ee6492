"""The explanation: for every rule variant that fired, in output order, why and on which facts.

Each entry is the rule's fixed text and citation around `matched`, the facts it read (those known),
any derived values it read, and the model it was fired for. Most rules fire on questions nobody has
answered yet, so their `matched` holds no fact at all and their entry is the same text every time.
For the encoded form, each (fired variants, known facts) pair gets a template once: the text of
every such fixed entry joined in advance, and a slot for each entry that shows a fact's value.
"""
from __future__ import annotations

import orjson

from .conclusions import Conclusions
from .prepared import Prepared

#: Encoded templates kept per knowledge base (each about the size of the explanation, ~20 KB).
LIMIT = 256


def entries(events: tuple, flat: dict, derived: dict) -> list:
    """The explanation as objects."""
    out = []
    for ev in events:
        entry = ev.explanation.copy()
        entry["matched"] = _matched(ev.fact_names, ev.derived, ev.model, flat, derived)
        out.append(entry)
    return out


def encoded(prep: Prepared, c: Conclusions, key, flat: dict, derived: dict) -> orjson.Fragment:
    """The explanation as JSON text, from the template for `c` and the facts known in `flat`.

    `key` identifies `c` (the key it was concluded under).
    """
    known = frozenset(flat)
    template = prep.explanations.get((key, known))
    if template is None:
        if len(prep.explanations) >= LIMIT:
            prep.explanations.clear()
        template = prep.explanations[(key, known)] = _template(c.events, known)
    dumps = orjson.dumps
    parts = []
    for piece in template:
        if piece.__class__ is bytes:
            parts.append(piece)
        else:
            parts.append(dumps(_matched(*piece, flat, derived)))
    return orjson.Fragment(b"".join(parts))


def _matched(names: tuple, derived_keys: tuple, model: str | None, flat: dict, derived: dict) -> dict:
    matched = {n: flat[n] for n in names if n in flat}
    for name, key in derived_keys:
        matched[name] = derived.get(key)
    if model is not None:
        matched["model"] = model
    return matched


def _template(events: tuple, known: frozenset) -> list:
    """Fixed text (bytes) and slots ((fact names, derived keys, model): filled per assessment)."""
    pieces: list = [b"["]
    for ev in events:
        before, after = ev.explanation_json  # `after` ends with the comma before the next entry
        pieces.append(before)
        if ev.derived or not known.isdisjoint(ev.fact_names):
            pieces.append((ev.fact_names, ev.derived, ev.model))
        else:
            pieces.append(orjson.dumps({"model": ev.model} if ev.model is not None else {}))
        pieces.append(after)
    if events:
        pieces[-1] = pieces[-1][:-1]
    pieces.append(b"]")
    merged: list = []  # consecutive fixed text joined into one piece
    for piece in pieces:
        if piece.__class__ is bytes and merged and merged[-1].__class__ is bytes:
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged
