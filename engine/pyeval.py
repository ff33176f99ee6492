"""A plain-Python forward-chaining evaluator of the same compiled rules.

It gives the same firings as the durable-rules path and serves two purposes: an oracle that
property tests compare the engine against, and the hand-written floor `bench/engine.py` measures
the engine's overhead against.
"""
from __future__ import annotations

import datetime as dt

from .clauses import MISSING, holds
from .compiler import Compiled, entries
from .knowledge import Knowledge
from .scope import derived_scoped, in_force, models_in
from .validate import param_refs


class PyEvaluator:
    """Evaluates a knowledge base's rules by naive forward chaining to a fixed point."""

    def __init__(self, knowledge: Knowledge, compiled: Compiled):
        self.k = knowledge
        self.compiled = compiled
        self.entries = entries(knowledge)
        self.scoped = derived_scoped(knowledge)

    def firings(self, flat: dict, chosen: str | None, day: dt.date) -> list:
        """[(rule_id, model), ...] of every rule that fires for these facts."""
        derived: dict = {}  # (name, model or "-") -> set of values
        fired: set = set()
        changed = True
        while changed:
            changed = False
            for rule_id, entry, scope, derive in self.entries:
                if not in_force(entry, day):
                    continue
                if any(self.k.param(p, day)[0] is None for p in param_refs(entry.get("when"))):
                    continue
                for m in models_in(scope):
                    if (rule_id, m) in fired or not self._holds(entry.get("when"), flat, derived, m, chosen, day):
                        continue
                    fired.add((rule_id, m))
                    changed = True
                    for name, value in derive:
                        derived.setdefault((name, m or "-"), set()).add(value)
        return sorted(fired, key=lambda f: (f[0], f[1] or ""))

    def _holds(self, clauses, flat, derived, model, chosen, day) -> bool:
        for clause in clauses or []:
            (name, test), = clause.items()
            if name == "model_is_chosen":
                actual = MISSING if chosen is None else model == chosen
                if not holds(test, actual, self.k, day):
                    return False
            elif name in self.scoped:
                values = derived.get((name, (model or "-") if self.scoped[name] else "-"), ())
                if not any(holds(test, v, self.k, day) for v in values):
                    return False
            elif not holds(test, flat.get(name, MISSING), self.k, day):
                return False
        return True
