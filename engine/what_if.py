"""The difference between two assessments of the same network (before and after a change): the one
comparison behind what-if, and behind anything else that compares two results.

`compare` is pure: it reads two assessment dicts and returns what moved: the decision (advised model
and confidence), eligibility, the ranking (recommended model, each model's rank and rating), each
model's applicability and criteria (better or worse), flags and checklist items added or removed
(each at most once: an item on both sides is no change), funding per line in pounds (delta None
where either side is unknown), near misses and coverage.
"""
from __future__ import annotations

from .funding import DETAIL_KEYS


def _keyed(entries: list, key) -> dict:
    return {key(e): e for e in entries or []}


def _added_removed(before: list, after: list, key, text: str | None = None) -> dict:
    """{added: [...], removed: [...]} between two lists of entries, matched by `key`; with `text` (a
    field), an entry whose words are on both sides is no change either (only its attribution moved)."""
    b, a = _keyed(before, key), _keyed(after, key)
    added, removed = [a[x] for x in a if x not in b], [b[x] for x in b if x not in a]
    if text:
        both = {e.get(text) for e in added} & {e.get(text) for e in removed}
        added = [e for e in added if e.get(text) not in both]
        removed = [e for e in removed if e.get(text) not in both]
    return {"added": added, "removed": removed}


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


#: A criterion's statuses from worst to best: a move up is better, down is worse.
CRITERION_ORDER = ("risk", "unknown", "good")


def _decision(before: dict, after: dict) -> dict:
    """{before: {model, confidence}, after: {...}, changed}; the recommended model stands in for
    results made before the decision block existed."""
    def of(a: dict) -> dict:
        d = a.get("decision") or {}
        return {"model": d.get("model", a.get("recommended_model")), "confidence": d.get("confidence")}
    b, a = of(before), of(after)
    return {"before": b, "after": a, "changed": b != a}


def _models(before: dict, after: dict) -> tuple[list, list]:
    """(applicability changes, criteria changes) per model, in the after's model order."""
    b = {m["id"]: m for m in before.get("models") or []}
    applicable, criteria = [], []
    for m in after.get("models") or []:
        old = b.get(m["id"])
        if old is None:
            continue
        was, now = old.get("applicable", True), m.get("applicable", True)
        if was != now:
            applicable.append({"model": m["id"], "before": was, "after": now, "why_not": m.get("why_not")
                               if not now else old.get("why_not")})
        old_criteria = {c["id"]: c for c in old.get("criteria") or []}
        for c in m.get("criteria") or []:
            prev = old_criteria.get(c["id"])
            if prev and prev["status"] != c["status"]:
                up = CRITERION_ORDER.index(c["status"]) - CRITERION_ORDER.index(prev["status"]) \
                    if {c["status"], prev["status"]} <= set(CRITERION_ORDER) else 0
                criteria.append({"model": m["id"], "criterion": c["id"], "before": prev["status"], "after": c["status"],
                                 "direction": "better" if up > 0 else "worse" if up < 0 else "changed",
                                 "because": c.get("because"), "citation": c.get("citation")})
    return applicable, criteria


def _near_key(n: dict) -> tuple:
    return n.get("kind"), n.get("rule"), n.get("model"), n.get("fact"), n.get("threshold"), n.get("status")


def compare(before: dict, after: dict) -> dict:
    """What changed from the `before` assessment to the `after` one."""
    eb, ea = before["eligibility"]["status"], after["eligibility"]["status"]
    cb, ca = before.get("coverage") or {}, after.get("coverage") or {}
    facts_b, facts_a = before.get("facts") or {}, after.get("facts") or {}
    applicable, criteria = _models(before, after)
    return {
        "facts": {k: {"before": facts_b.get(k), "after": facts_a.get(k)}
                  for k in sorted(set(facts_b) | set(facts_a)) if facts_b.get(k) != facts_a.get(k)},
        "decision": _decision(before, after),
        "eligibility": {"before": eb, "after": ea, "changed": eb != ea},
        "ranking": _ranking(before, after),
        "applicable": applicable,
        "criteria": criteria,
        "flags": _added_removed(_all_flags(before), _all_flags(after), _flag_key, "message"),
        "funding": _funding(before, after),
        # one checklist item is one id, whichever model it was listed under
        "checklist": _added_removed(before.get("checklist"), after.get("checklist"), lambda c: c["id"], "text"),
        "near_misses": _added_removed(before.get("near_misses"), after.get("near_misses"), _near_key),
        "coverage": {"before": cb.get("status"), "after": ca.get("status"),
                     "changed": cb.get("status") != ca.get("status")},
    }
