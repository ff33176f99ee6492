"""Reconciling a new answer with the others: the engine checks them together.

An answer that is fine on its own but contradicts earlier ones (practices whose list sizes do not
add up to the population given before) wins: the newest answer is the one meant, and the earlier
answers it overrides are set aside (and named). An answer wrong on its own is refused.
"""
from __future__ import annotations

from engine.errors import FactsError

from .state import State


def reconcile(pcn_engine, state: State, qid: str, value) -> tuple[str | None, list]:
    """Check a new answer with the others: (problem, or None and the earlier answers it overrides).

    An answer that is fine on its own but contradicts earlier ones (practices whose list sizes do
    not add up to the population given before) wins: the newest answer is the one meant."""
    others = {k: v for k, v in state.final_facts().items() if k != qid}
    trial = dict(others, **({qid: value} if value is not None else {}))
    try:
        pcn_engine.check(trial)
        return None, []
    except FactsError as exc:
        combined = exc
    try:
        pcn_engine.check({"as_of": others["as_of"], **({qid: value} if value is not None else {})})
    except FactsError as own:
        return f"That answer {'; '.join(own.errors.get(qid) or sum(own.errors.values(), []))}.", []
    dropped = []
    for other in [k for k in others if k != "as_of" and state.answered(k)]:
        try:
            pcn_engine.check({k: v for k, v in trial.items() if k != other})
        except FactsError:
            continue
        dropped.append((other, "; ".join(sum(combined.errors.values(), [])).replace("is ", "it was ", 1)))
    if not dropped:
        return f"That answer doesn't fit your other answers: {'; '.join(sum(combined.errors.values(), []))}.", []
    for other, _ in dropped:
        state.forget(other)
    return None, dropped
