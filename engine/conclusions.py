"""Conclusions: what a set of fired rules concludes, before any fact value is written into it.

Eligibility and its reasons, the flags, the five models scored and ranked, the recommendation, the
checklist and the network-wide derived values depend only on which rule variants fired and which
model (if any) was chosen: not on the facts' values themselves, which only the explanation's
matched facts, the open questions and the funding read. So the encoded form is worked out once per
(fired variants, chosen model) and reused: networks described differently often reach the same
conclusions, and the assessment's per-fact parts are then all that is left to make.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

from . import cache
from .disagreements import from_rules
from .knowledge import Knowledge
from .prepared import SEVERITY_RANK, Event, Prepared, advised, fragment

BLOCKER = SEVERITY_RANK["blocker"]
# Worst first: when rules disagree the worst status wins. `blocked`: the network qualifies but
# something (a network-wide blocker) stops it going ahead until it is put right.
STATUS_RANK = {"not_eligible": 0, "blocked": 1, "needs_approval": 2, "unknown": 3, "eligible": 4}
#: Statuses under which the network would be paid: funding and its near misses are worked out.
FUNDED_STATUSES = ("eligible", "needs_approval", "blocked")
#: Statuses a rule's conclusion can decide (a rule concluding `unknown` decides nothing).
DECIDING_STATUSES = ("eligible", "needs_approval", "blocked", "not_eligible")


def rating(score: int, blocked: bool, bands: dict) -> str:
    """A model's fit rating from its score, whether any blocker applies and the score `bands`
    (knowledge/insight.yaml `ranking.rating`: the least score for good and for possible)."""
    if blocked:
        return "unsuitable"
    return "good" if score >= bands["good"] else "possible" if score >= bands["possible"] else "poor"


@dataclass(frozen=True, slots=True)
class Conclusions:
    """The fact-independent parts of one assessment (with `encoded`, JSON fragments; read-only)."""

    events: tuple           # the fired Events in output order (the explanation's order)
    status: str
    reasons: list
    flags: list             # the flags shown at the top: network-wide ones and the chosen model's
    models: list            # model entries ranked best first, without their open questions
    recommended: str | None
    checklist: list
    derived: dict           # network-wide derived values
    checklist_hits: dict    # {checklist item: [(model, rule)]}: what re-ranking rebuilds the checklist from
    disputed: frozenset     # ids of the disagreements the fired rules raise (engine.disagreements)


def _order(event: Event) -> tuple:
    return event.order


def concluded(k: Knowledge, prep: Prepared, fired: tuple, chosen: str | None, encoded: bool) -> Conclusions:
    """What the `fired` variants (in firing order) conclude: with `encoded`, shared JSON fragments
    stored in `cache.CONCLUSIONS` and reused (the firing order is part of the key, so a hit is the
    same run); else new objects the caller may change."""
    if not encoded:
        return conclude(k, prep, fired, chosen, False)
    key = (prep, fired, chosen)
    found = cache.CONCLUSIONS.get(key)
    if found is None:
        found = cache.CONCLUSIONS.put(key, conclude(k, prep, fired, chosen, True))
    return found


def conclude(k: Knowledge, prep: Prepared, fired: list, chosen: str | None, encoded: bool) -> Conclusions:
    """What the `fired` variants conclude, as new objects or (`encoded`) as shared JSON fragments."""
    order = prep.model_order
    events = tuple(sorted(map(prep.events.__getitem__, fired), key=_order))
    status, reasons = None, []
    flags, checklist_hits = [], {}   # flags: (severity, model, flag)
    fits = {m: [] for m in order}    # (score, reason)
    derived = {}
    for ev in events:
        if not ev.concludes:
            continue
        model = ev.model
        if ev.item_id is not None:
            checklist_hits.setdefault(ev.item_id, []).append((model, ev.rule_id))
            continue
        if model is None and ev.derive:
            derived.update(ev.derive)
        if ev.eligibility:
            reasons.append(ev.eligibility_json if encoded else ev.eligibility.copy())
            if status is None or STATUS_RANK[ev.eligibility["status"]] < STATUS_RANK[status]:
                status = ev.eligibility["status"]
        if ev.flag:
            flags.append((ev.severity, model, ev.flag_json if encoded else ev.flag.copy()))
        if ev.fit:
            fits[model].append((ev.fit["score"], ev.fit_json if encoded else ev.fit.copy()))
        for item in ev.checklist:
            checklist_hits.setdefault(item, []).append((model, ev.rule_id))

    if status is None:
        status = "unknown"
        reasons.append({"text": "No eligibility rule applies on this date.", "status": "unknown",
                        "rule": None, "citation": None, "basis": "derived"})
    flags.sort(key=itemgetter(0))
    models = _models(prep, flags, fits, chosen, k.insight["ranking"]["rating"])
    recommended = next((m["id"] for m in models if m["recommended"]), None)
    checklist = checklist_for(k, prep, checklist_hits, chosen or recommended, encoded)
    shown = [f[2] for f in flags if f[1] is None or not chosen or f[1] == chosen]
    disputed = from_rules(prep.disputes, {ev.rule_id for ev in events if ev.item_id is None})
    return Conclusions(events, status, reasons, shown, models, recommended, checklist, derived, checklist_hits,
                       disputed)


def _models(prep: Prepared, flags: list, fits: dict, chosen: str | None, bands: dict) -> list:
    """The five models scored from their fits and flags, ranked best first."""
    model_flags: dict = {m: [] for m in prep.model_order}
    blocked = set()
    for severity, model, flag in flags:
        if model is not None:
            model_flags[model].append(flag)
            if severity == BLOCKER:
                blocked.add(model)
    models = []
    for m in prep.model_order:
        name, summary, citation = prep.model_text[m]
        score = sum(r[0] for r in fits[m])
        models.append({"id": m, "name": name, "summary": summary, "citation": citation, "chosen": m == chosen,
                       "score": score, "rating": rating(score, m in blocked, bands), "reasons": [r[1] for r in fits[m]],
                       "flags": model_flags[m]})
    rank_of = prep.model_rank
    models.sort(key=lambda x: (x["rating"] == "unsuitable", -x["score"], rank_of[x["id"]]))
    for rank, m in enumerate(models, 1):
        m["rank"] = rank
        m["recommended"] = rank == 1 and m["rating"] != "unsuitable"
    return models


def checklist_for(k: Knowledge, prep: Prepared, hits: dict, focus: str | None, encoded: bool) -> list:
    """Checklist items, in knowledge order, that a network-wide rule or one for `focus` added."""
    checklist = []
    for item_id, item in k.checklist.items():
        for hit in hits.get(item_id, ()):
            if hit[0] is None or hit[0] == focus:
                break
        else:
            continue
        if not encoded:
            checklist.append(_item(item_id, item, hit))
            continue
        key = (prep, "item", item_id, *hit)
        entry = cache.PIECES.get(key)
        if entry is None:
            entry = cache.PIECES.put(key, fragment(_item(item_id, item, hit)))
        checklist.append(entry)
    return checklist


def _item(item_id: str, item: dict, hit: tuple) -> dict:
    """A checklist entry; `hit` is (model, rule) that added it."""
    return advised({"id": item_id, "text": item["text"].strip(), "category": item["category"], "model": hit[0],
                    "citation": item["citation"], "rule": hit[1]}, "text", item)
