"""The engine's memory between assessments: every store it keeps, named and bounded, in one place.

What an assessment reuses (a knowledge base's prepared conclusions, a parameter's value on a day,
the encoded JSON of conclusions and open questions already met...) is kept in one of the `LRU`
stores below, least recently used first out, never in a field of a frozen object. Keys that name a
knowledge base, compiled rules or prepared data hold that object itself (they hash by identity),
so a new knowledge base never collides with an old one, and an old one is let go once its entries
are evicted. `STORES` lists them all for inspection and tests; `clear()` empties every one.
"""
from __future__ import annotations

_ABSENT = object()


class LRU:
    """A bounded mapping that forgets its least recently used entry when full."""

    __slots__ = ("_data", "maxsize", "name")

    def __init__(self, name: str, maxsize: int):
        self.name = name
        self.maxsize = maxsize
        self._data: dict = {}  # insertion order is recency order: a hit is moved to the end

    def get(self, key, default=None):
        """The value stored for `key` (now the most recently used), else `default`."""
        data = self._data
        value = data.pop(key, _ABSENT)
        if value is _ABSENT:
            return default
        data[key] = value
        return value

    def put(self, key, value):
        """Store `value` for `key`, evicting the least recently used entries beyond `maxsize`; returns it."""
        data = self._data
        data[key] = value
        while len(data) > self.maxsize:
            del data[next(iter(data))]
        return value

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        """Forget everything stored."""
        self._data.clear()


#: Every store, by name.
STORES: dict[str, LRU] = {}


def store(name: str, maxsize: int) -> LRU:
    """A new store registered in `STORES` under `name`."""
    STORES[name] = found = LRU(name, maxsize)
    return found


def clear() -> None:
    """Empty every store (the next assessments rebuild what they need)."""
    for s in STORES.values():
        s.clear()


# Bounds: knowledge bases in use are one or two per process; dates in use are few, but callers may
# send any date, so per-day stores are bounded like the rest.
RULES_BY_ID = store("rules_by_id", 8)            # Knowledge -> {rule id: rule}
PARAMS = store("param_on_day", 65536)            # (Knowledge, parameter id, day) -> (value, citation);
#                                                  (Knowledge, "period", parameter id, day) -> its period ({} if none)
SCOPED = store("derived_scoped", 8)              # Knowledge -> {derived name: whether it is per model}
PREPARED = store("prepared", 8)                  # (Compiled, Knowledge in a day's wording) -> Prepared
READERS = store("question_readers", 8)           # Knowledge -> the question index (engine.relevance)
ON_DAY = store("questions_on_day", 4096)         # (question index, day) -> questions in use that day
CONCLUSIONS = store("conclusions", 256)          # (Prepared, fired variants, chosen model) -> encoded Conclusions
OPEN = store("open_questions", 256)              # (Prepared, day, chosen, facts known, ask_when outcomes) -> block
PIECES = store("pieces", 8192)                   # (Prepared, kind, key) -> one encoded entry (checklist item, question)
THRESHOLDS = store("thresholds", 4096)          # (Knowledge, question, day) -> numbers the rules compare it with
DECIDERS = store("near_miss_deciders", 8)       # Knowledge -> the rules near misses read (engine.near_misses)
DISPUTES = store("disagreements", 8)            # Knowledge -> the disagreements' index (engine.disagreements)
SHOWN_DISPUTES = store("disagreements_shown", 1024)  # (that index, ids shown) -> the encoded list
FUNDING_DAY = store("funding_on_day", 4096)     # (Knowledge, day, year label) -> each stream's values and caveats
WORDED = store("worded", 8)                     # (Knowledge, its terms on a day) -> it in those words (engine.wording)
WORDED_DAY = store("worded_on_day", 4096)       # (Knowledge, day) -> the same, looked up by day
