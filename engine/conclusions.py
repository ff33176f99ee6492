"""Conclusions: what a set of fired rules concludes, before any fact value is written into it.

Eligibility and its reasons, the flags, the five models scored and rated, the checklist entries
the rules add and the network-wide derived values depend only on which rule variants fired and
which model (if any) was chosen: not on the facts' values themselves, which only the explanation's
matched facts, the open questions and the funding read. They are assembled per call from the fired
variants' prepared parts (`engine.prepared`), which every assessment shares: a reason, a flag, a fit
or a checklist entry is the same object in each assessment that shows it. Ordering the models and
choosing the one the checklist is for are the decision's (`engine.decision`, `checklist_for`).
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter, itemgetter

from .knowledge import Knowledge
from .prepared import SEVERITY_RANK, Prepared

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

    events: tuple           # the fired Events in output order (the explanation's and the checklist's)
    status: str
    reasons: list
    flags: list             # the flags shown at the top: network-wide ones and the chosen model's
    models: list            # model entries in knowledge order, scored and rated; the decision orders them
    derived: dict           # network-wide derived values
    disputed: frozenset     # ids of the disagreements the fired rules raise (engine.disagreements)


_FIRST = itemgetter(0)
_STATUS = attrgetter("status_rank")
_UNKNOWN = {"text": "No eligibility rule applies on this date.", "status": "unknown", "rule": None,
            "citation": None, "basis": "derived"}


def conclude(k: Knowledge, prep: Prepared, fired, chosen: str | None) -> Conclusions:
    """What the `fired` variants (in firing order) conclude, given the chosen model (if any). An event
    that concludes nothing has none of the parts read here, so every event is read the same way."""
    events = tuple(map(prep.events.__getitem__, sorted(fired, key=prep.pos.__getitem__)))
    deciding = [ev for ev in events if ev.eligibility]
    if deciding:   # the worst status wins (the first of equals)
        status, reasons = min(deciding, key=_STATUS).eligibility["status"], [ev.eligibility for ev in deciding]
    else:
        status, reasons = "unknown", [dict(_UNKNOWN)]
    flags = sorted([ev.flagged for ev in events if ev.flagged], key=_FIRST)   # (severity, model, flag)
    fits: dict = {m: [] for m in prep.model_order}    # fit entries, each with its score
    derived = {}
    for ev in events:
        if ev.fit:
            fits[ev.model].append(ev.fit)
        elif ev.derive and ev.model is None:   # (a fit is always for one model)
            derived.update(ev.derive)
    models = _models(prep, flags, fits, chosen, k.insight["ranking"]["rating"])
    shown = [f[2] for f in flags if f[1] is None or not chosen or f[1] == chosen]
    disputed = frozenset([i for ev in events if ev.raises for i in ev.raises])
    return Conclusions(events, status, reasons, shown, models, derived, disputed)


def _models(prep: Prepared, flags: list, fits: dict, chosen: str | None, bands: dict) -> list:
    """The five models scored from their fits and rated, in knowledge order (`rank` and `recommended`
    hold their places in the entry until the decision fills them)."""
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
        reasons = fits[m]
        score = sum([f["score"] for f in reasons])
        models.append({"id": m, "name": name, "summary": summary, "citation": citation, "chosen": m == chosen,
                       "score": score, "rating": rating(score, m in blocked, bands), "reasons": reasons,
                       "flags": model_flags[m], "rank": None, "recommended": False})
    return models


def checklist_for(events: tuple, focus: str | None) -> list:
    """Checklist items, in knowledge order, that a network-wide rule or one for `focus` added (each
    item as the first such rule, in output order, gave it). `events`: the Conclusions' events."""
    hits = [h for ev in events if ev.hits and (ev.model is None or ev.model == focus) for h in ev.hits]
    hits.sort(key=_FIRST)   # stable: output order within an item
    seen, checklist = set(), []
    for _pos, item, _model, entry in hits:
        if item not in seen:
            seen.add(item)
            checklist.append(entry)
    return checklist
