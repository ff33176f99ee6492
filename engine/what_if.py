"""What-if: the difference between two assessments of the same network (before and after a change).

`compare` is pure: it reads two assessment dicts and returns what moved: eligibility, the ranking
(recommended model, each model's rank and rating), flags and checklist items added or removed,
funding per line (None where either side is unknown), near misses and coverage.
"""
from __future__ import annotations

from .funding import DETAIL_KEYS


def _keyed(entries: list, key) -> dict:
    return {key(e): e for e in entries or []}


def _added_removed(before: list, after: list, key) -> dict:
    """{added: [...], removed: [...]} between two lists of entries, matched by `key`."""
    b, a = _keyed(before, key), _keyed(after, key)
    return {"added": [a[x] for x in a if x not in b], "removed": [b[x] for x in b if x not in a]}


def _flag_key(f: dict) -> tuple:
    return f["code"], f.get("model")


def _all_flags(assessment: dict) -> list:
    """Network-wide flags and every model's own flags (the top list shows only the chosen model's)."""
    seen, out = set(), []
    for f in list(assessment.get("flags") or []) + [f for m in assessment.get("models") or [] for f in m["flags"]]:
        if _flag_key(f) not in seen:
            seen.add(_flag_key(f))
            out.append(f)
    return out


def _ranking(before: dict, after: dict) -> dict:
    b = {m["id"]: m for m in before.get("models") or []}
    changes = []
    for m in after.get("models") or []:
        old = b.get(m["id"])
        if old and (old["rank"], old["rating"], old["score"]) != (m["rank"], m["rating"], m["score"]):
            changes.append({"model": m["id"], "rank": [old["rank"], m["rank"]],
                            "rating": [old["rating"], m["rating"]], "score": [old["score"], m["score"]]})
    return {"recommended": {"before": before.get("recommended_model"), "after": after.get("recommended_model")},
            "changed": before.get("recommended_model") != after.get("recommended_model"), "models": changes}


def _funding(before: dict, after: dict) -> dict:
    """{line: {before, after, delta}}; delta None where either side is unknown."""
    fb, fa = before.get("funding") or {}, after.get("funding") or {}
    out = {}
    for line in [x for x in fb if x not in DETAIL_KEYS] + [x for x in fa if x not in fb and x not in DETAIL_KEYS]:
        old, new = fb.get(line), fa.get(line)
        delta = None if old is None or new is None else new - old
        out[line] = {"before": old, "after": new, "delta": delta}
    return out


def _near_key(n: dict) -> tuple:
    return n.get("kind"), n.get("rule"), n.get("model"), n.get("fact"), n.get("threshold"), n.get("status")


def compare(before: dict, after: dict) -> dict:
    """What changed from the `before` assessment to the `after` one."""
    eb, ea = before["eligibility"]["status"], after["eligibility"]["status"]
    cb, ca = before.get("coverage") or {}, after.get("coverage") or {}
    facts_b, facts_a = before.get("facts") or {}, after.get("facts") or {}
    return {
        "facts": {k: {"before": facts_b.get(k), "after": facts_a.get(k)}
                  for k in sorted(set(facts_b) | set(facts_a)) if facts_b.get(k) != facts_a.get(k)},
        "eligibility": {"before": eb, "after": ea, "changed": eb != ea},
        "ranking": _ranking(before, after),
        "flags": _added_removed(_all_flags(before), _all_flags(after), _flag_key),
        "funding": _funding(before, after),
        "checklist": _added_removed(before.get("checklist"), after.get("checklist"),
                                    lambda c: (c["id"], c.get("model"))),
        "near_misses": _added_removed(before.get("near_misses"), after.get("near_misses"), _near_key),
        "coverage": {"before": cb.get("status"), "after": ca.get("status"),
                     "changed": cb.get("status") != ca.get("status")},
    }
