"""What a reassessment changed for the people it belongs to, read from the one comparison
(`engine.what_if.compare`): the kinds of change they are told about, and a brief of each.

- `what_changed(changes)`: of "status" (whether and how the network qualifies), "advice" (the
  structure advised, or how sure the advice is), "new_blockers" and "funding", those that moved.
- `brief(changes)`: the before and after of each, small enough to keep beside the reassessment
  (`assessments.change_brief`) so lists of changed advice never unpack two whole results.
- `columns(kinds, changes)` and `kinds_of(column)`: how both are kept in a reassessment's row (the
  kinds in `assessments.changed`, comma-separated; "" when nothing changed, NULL before migration 0014).
"""
from __future__ import annotations

KINDS = ("status", "advice", "new_blockers", "funding")
MAX_BLOCKERS = 5


def what_changed(changes: dict) -> list[str]:
    """The kinds of change a comparison holds that people are told about, in `KINDS` order."""
    out = []
    if changes["eligibility"]["changed"]:
        out.append("status")
    decision = changes.get("decision") or {}
    if decision.get("changed") or changes["ranking"]["changed"]:
        out.append("advice")
    if any(f.get("severity") == "blocker" for f in changes["flags"]["added"]):
        out.append("new_blockers")
    if any(line["before"] != line["after"] for line in changes["funding"].values()):
        out.append("funding")
    return out


def columns(kinds: list[str], changes: dict) -> dict:
    """The `changed` and `change_brief` column values of a reassessment (`kinds` from `what_changed`)."""
    return {"changed": ",".join(kinds), "change_brief": brief(changes)}


def kinds_of(column: str | None) -> list[str]:
    """The kinds of change a reassessment's `changed` column holds ([] when none, or none kept)."""
    return [k for k in (column or "").split(",") if k]


def _pair(before, after) -> dict:
    return {"before": before, "after": after}


def brief(changes: dict) -> dict:
    """{status, advised, confidence, recommended, new_blockers, funding_total} of a comparison: the
    eligibility status, the model advised (None: no one model yet) and how sure, the top-ranked model,
    before and after each; the new blockers' messages (at most five); total funding in pounds."""
    decision = changes.get("decision") or {}
    side = lambda s: decision.get(s) or {}   # noqa: E731
    total = changes["funding"].get("total") or {}
    return {
        "status": _pair(changes["eligibility"]["before"], changes["eligibility"]["after"]),
        "advised": _pair(side("before").get("model"), side("after").get("model")),
        "confidence": _pair(side("before").get("confidence"), side("after").get("confidence")),
        "recommended": dict(changes["ranking"]["recommended"]),
        "new_blockers": [f["message"] for f in changes["flags"]["added"]
                         if f.get("severity") == "blocker"][:MAX_BLOCKERS],
        "funding_total": _pair(total.get("before"), total.get("after")),
    }
