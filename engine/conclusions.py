"""Conclusions: what a set of fired rules concludes, before any fact value is written into it.

Eligibility and its reasons, the flags, the five models scored and ranked, the recommendation, the
checklist and the network-wide derived values depend only on which rule variants fired and which
model (if any) was chosen: not on the facts' values themselves, which only the explanation's
matched facts, the open questions and the funding read. They are assembled per call from the fired
variants' prepared parts (`engine.prepared`), which every assessment shares: a reason, a flag, a fit
or a checklist entry is the same object in each assessment that shows it.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter, itemgetter

from .knowledge import Knowledge
from .prepared import SEVERITY_RANK, STATUS_RANK, Prepared

BLOCKER = SEVERITY_RANK["blocker"]
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
    """The fact-independent parts of one assessment (the dicts inside are shared: read-only)."""

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


_POS = attrgetter("pos")
_FIRST = itemgetter(0)
_UNKNOWN = {"text": "No eligibility rule applies on this date.", "status": "unknown", "rule": None,
            "citation": None, "basis": "derived"}


def conclude(k: Knowledge, prep: Prepared, fired, chosen: str | None) -> Conclusions:
    """What the `fired` variants (in firing order) conclude, given the chosen model (if any)."""
    events = tuple(sorted(map(prep.events.__getitem__, fired), key=_POS))
    status, reasons = None, []
    flags, checklist_hits = [], {}   # flags: (severity, model, flag)
    fits = {m: [] for m in prep.model_order}    # fit entries, each with its score
    derived = {}
    worst = len(STATUS_RANK)
    for ev in events:
        if not ev.concludes:
            continue
        for item, hit in ev.hits:
            if item in checklist_hits:
                checklist_hits[item].append(hit)
            else:
                checklist_hits[item] = [hit]
        if ev.eligibility:
            reasons.append(ev.eligibility)
            if ev.status_rank < worst:   # the worst status wins
                worst, status = ev.status_rank, ev.eligibility["status"]
        if ev.flagged:
            flags.append(ev.flagged)
        if ev.fit:
            fits[ev.model].append(ev.fit)
        if ev.derive and ev.model is None:
            derived.update(ev.derive)

    if status is None:
        status = "unknown"
        reasons.append(dict(_UNKNOWN))
    flags.sort(key=_FIRST)
    models = _models(prep, flags, fits, chosen, k.insight["ranking"]["rating"])
    recommended = next((m["id"] for m in models if m["recommended"]), None)
    checklist = checklist_for(k, prep, checklist_hits, chosen or recommended)
    shown = [f[2] for f in flags if f[1] is None or not chosen or f[1] == chosen]
    disputed = frozenset(i for ev in events if ev.raises for i in ev.raises)
    return Conclusions(events, status, reasons, shown, models, recommended, checklist, derived, checklist_hits,
                       disputed)


def _rank_key(prep: Prepared):
    rank_of = prep.model_rank
    return lambda x: (x["rating"] == "unsuitable", -x["score"], rank_of[x["id"]])


def ranked(prep: Prepared, models: list) -> list:
    """`models` sorted best first (a blocked model last, then by score, then in knowledge order),
    each given its `rank` and whether it is `recommended`."""
    models.sort(key=_rank_key(prep))
    for rank, m in enumerate(models, 1):
        m["rank"] = rank
        m["recommended"] = rank == 1 and m["rating"] != "unsuitable"
    return models


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
        score = sum(f["score"] for f in fits[m])
        models.append({"id": m, "name": name, "summary": summary, "citation": citation, "chosen": m == chosen,
                       "score": score, "rating": rating(score, m in blocked, bands), "reasons": fits[m],
                       "flags": model_flags[m]})
    return ranked(prep, models)


def checklist_for(k: Knowledge, prep: Prepared, hits: dict, focus: str | None) -> list:
    """Checklist items, in knowledge order, that a network-wide rule or one for `focus` added."""
    checklist = []
    items = prep.items
    for item_id in sorted(hits, key=prep.item_pos.__getitem__):
        for model, rule in hits[item_id]:
            if model is None or model == focus:
                checklist.append(items[item_id, model, rule])
                break
    return checklist
