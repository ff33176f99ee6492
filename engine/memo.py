"""Memo: what the engine works out once from an immutable object (a knowledge base, a compilation)
and keeps with that object, never in a module-level store.

Each `Knowledge` and `Compiled` carries one `Memo`. `once(name, build)` keeps a value for the life
of its owner (indexes, prepared conclusions); `daily(name, day, build)` keeps a value per day (a
parameter's value, everything `engine.daily` prepares), at most `DAYS` days per name, the oldest
first out. Every kept value is immutable, or treated as such: it is built
once and only read afterwards, so readers need no lock. Writers take one per memo, only to insert
and evict: building runs outside it (two threads may build the same value; the first one stored
is the one everybody gets), so a build may itself read other memos without deadlock. A new
knowledge base starts with an empty memo, and its old one goes when the old knowledge base does.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

#: How many days a memo keeps each daily value for before it forgets the oldest. Callers may send
#: any date; a few are in use at a time.
DAYS = 366

_ABSENT = object()


class Memo:
    """Values derived from one immutable owner, each built once (see the module docstring)."""

    __slots__ = ("_lock", "_once", "_days", "days")

    def __init__(self, days: int = DAYS):
        self._lock = threading.Lock()
        self._once: dict = {}
        self._days: dict = {}   # name -> {day: value}; insertion order is age
        self.days = days

    def once(self, name: Hashable, build: Callable[[], object]):
        """The value kept under `name`, built by `build()` the first time it is asked for."""
        found = self._once.get(name, _ABSENT)
        if found is _ABSENT:
            value = build()
            with self._lock:
                found = self._once.setdefault(name, value)
        return found

    def daily(self, name: Hashable, day, build: Callable[[], object]):
        """The value kept under `name` for `day`, built by `build()` the first time it is asked for."""
        kept = self._days.get(name)
        found = _ABSENT if kept is None else kept.get(day, _ABSENT)
        if found is _ABSENT:
            value = build()
            with self._lock:
                kept = self._days.setdefault(name, {})
                found = kept.get(day, _ABSENT)
                if found is _ABSENT:
                    while len(kept) >= self.days:  # only writers iterate, and only under the lock
                        del kept[next(iter(kept))]
                    found = kept[day] = value
        return found

    def __len__(self) -> int:
        with self._lock:
            return len(self._once) + sum(len(kept) for kept in self._days.values())

    def clear(self) -> None:
        """Forget everything kept (the next reads build it again)."""
        with self._lock:
            self._once.clear()
            self._days.clear()
