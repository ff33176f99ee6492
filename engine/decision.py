"""The decision: which operating model to advise, how sure the advice is, and what to do next.

Reasoned from each model's standing on the handbook's risk-table criteria (`engine.criteria`), in
this order (docs/decision.md; the wording and weights are in knowledge/decision.yaml):

1. A model that cannot apply is never advised.
2. The model the practices chose, when it can apply, is the decision; the rest are comparisons.
3. Otherwise the stated priorities decide: a model meeting every one beats one that fails any, fewer
   failed beats more; then the higher score, fewer risks in the handbook's tables in all, and the
   handbook's order (the tie-break, said whenever it decides).
4. An unanswered question that could change the advised model makes the advice `depends` (no model
   yet), naming the questions: a model that could still be ruled in or out, a criterion waiting on an
   answer, or priorities not yet stated. Each is tried on its own (its best case against the
   leader's worst), so a change needing several answers together can be missed.

Unknown criteria count against a model until answered (its worst case); `close` means a rival that
fails no more priorities is within `margin` points; `clear` that no rival open to the practices is.
"""
from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import NamedTuple

from .criteria import Judged, Plan, criteria_list, judge, plan
from .knowledge import Knowledge
from .prepared import Prepared
from .ranking import penalties
from .scope import CHOICE_FACT


class _Standing(NamedTuple):
    """A model's standing for the decision under one set of stated priorities."""

    id: str
    score: int
    order: int
    failed: list          # stated priorities it fails
    unknown: list         # stated priorities waiting on an answer
    risks: int
    unknowns: int
    waits_on: list        # the questions its unknowns wait on
    worst: tuple          # its sort key with every unknown criterion counted as a risk
    best: tuple           # its sort key with every unknown criterion good


def _standing(j: Judged, stated, score: int, order: int) -> _Standing:
    if stated:
        by = j.by_priority
        failed = [pid for pid in stated if by[pid][0] == "risk"]
        unknown = [pid for pid in stated if by[pid][0] == "unknown"]
        waits = [q for pid in unknown for q in by[pid][1]]
    else:
        failed, unknown, waits = [], [], None
    unknowns = len(j.unknown_on)
    # the questions its unknowns wait on: those of stated priorities, else all (the tie-break counts them);
    # made with tuple.__new__, as _make does, without the generated __new__'s Python call
    return tuple.__new__(_Standing, (j.id, score, order, failed, unknown, j.risks, unknowns,
                                     list(dict.fromkeys(waits)) if waits else list(j.waits),
                                     (len(failed) + len(unknown), -score, j.risks + unknowns, order),
                                     (len(failed), -score, j.risks, order)))


def stated_priorities(p: Plan, facts: dict, flat: dict) -> tuple[list, bool]:
    """(the priorities the practices stated, in knowledge order; whether they have said nothing yet)."""
    listed = facts.get("priorities")
    said = {q: pid for q, pid in p.stated_by.items() if q in flat}
    chosen = set(listed or ()) | {pid for q, pid in said.items() if flat[q] is True}
    return [pid for pid in p.priorities if pid in chosen], listed is None and not said


def decide(k: Knowledge, prep: Prepared, facts: dict, flat: dict, day: dt.date, fired: list,
           models: list) -> tuple[list, dict]:
    """(the models with `applicable`, `why_not`, `criteria` and `unmet_priorities`, in the decision's
    order, and the `decision` block)."""
    p = plan(k, prep)
    judged = judge(k, p, flat, day, fired)
    stated, unsaid = stated_priorities(p, facts, flat)
    scores = {m["id"]: m["score"] for m in models}
    rank = prep.model_rank
    stand = {mid: _standing(j, stated, scores[mid], rank[mid]) for mid, j in judged.items()}
    chosen = facts.get(CHOICE_FACT)
    open_to = [m for m in prep.model_order if judged[m].why_not is None]
    if chosen in open_to:
        block = _chosen(k, judged[chosen], stand, open_to)
    else:
        block = _advised(k, prep, p, judged, stand, open_to, chosen, unsaid, fired)
    block["next_steps"] = _next_steps(k, p, judged.get(block["model"]), stated, block["confidence"])
    return _ordered(p, models, judged, stand, block["model"]), block


def _chosen(k: Knowledge, j: Judged, stand: dict, open_to: list) -> dict:
    """The decision when the practices chose a model that can apply: that model."""
    me = stand[j.id]
    if j.unconfirmed:
        return _block(k, j.id, "depends", "chosen_depends", list(j.unconfirmed), me.failed, [],
                      asks=_asks(k, j.unconfirmed))
    rivals = [r for r in open_to if r != j.id]
    better = [r for r in rivals if _near(stand[r], me, 0)]   # not "recommended" over their choice on a point
    tied = [r for r in better if stand[r].score == me.score and len(stand[r].failed) == len(me.failed) + len(me.unknown)]
    if me.failed and not any(not stand[r].failed and not stand[r].unknown for r in rivals):
        confidence = "none_fits"
    else:
        confidence = "close" if better else "clear"
    return _block(k, j.id, confidence, "chosen_rival" if better else "chosen", [], me.failed, tied,
                  rivals=_names(k, better, "and"))


def _near(rival: _Standing, me: _Standing, margin: int) -> bool:
    """Whether a rival, at its best, fails fewer priorities, or as few and is within `margin` points."""
    mine = len(me.failed) + len(me.unknown)
    return len(rival.failed) < mine or (len(rival.failed) == mine and rival.score >= me.score - margin)


def _advised(k: Knowledge, prep: Prepared, p: Plan, judged: dict, stand: dict, open_to: list, chosen,
             unsaid: bool, fired: list) -> dict:
    """The decision when no model is chosen (or the chosen one cannot apply)."""
    sure = [m for m in open_to if not judged[m].unconfirmed and m != chosen]
    pick = min(sure, key=lambda m: stand[m].worst, default=None)
    bar = stand[pick].worst if pick else None
    depends, contenders = [], [pick] if pick else []
    for r in open_to:
        if r in (pick, chosen) or (bar is not None and stand[r].best >= bar):
            continue
        # ruled in, is it better as it stands? else its unknowns must go its way too
        asks = list(judged[r].unconfirmed)
        if not asks or (bar is not None and stand[r].worst >= bar):
            asks += stand[r].waits_on
        if asks:
            depends += asks
            contenders.append(r)
    if unsaid and pick:   # priorities not yet stated: does any one of them alone change the advice?
        penalised = penalties(k, prep, fired)   # what each would cost each model
        for pid in p.priorities:
            trial = {m: _standing(judged[m], [pid], stand[m].score - penalised[m].get(pid, (0,))[0], stand[m].order)
                     for m in sure}
            alt = min(sure, key=lambda m: trial[m].worst)
            if alt != pick:
                depends.append("priorities")
                contenders.append(alt)
    depends = list(dict.fromkeys(depends))
    kw = {"chosen": _name(k, chosen), "why_not": _lower(judged[chosen].why_not.rstrip("."))} if chosen in judged else {}
    trade = _trading(stand, sure, pick)
    if depends:
        if trade:
            contenders = contenders[1:]
        key = "depends_none" if not pick else "depends_trade_off" if trade else "depends"
        return _block(k, None, "depends", key, depends, [], [], asks=_asks(k, depends),
                      contenders=_names(k, list(dict.fromkeys(contenders)), "or"), trade=_trade_off(k, stand, trade))
    if pick is None:
        return _block(k, None, "none_fits", "nothing", [], [], [])
    if trade:   # the options fail different priorities: which matters more is the practices' call
        unmet = [pid for pid in p.priorities if any(pid in stand[m].failed for m in trade)]
        return _block(k, None, "none_fits", "trade_off", [], unmet, trade, trade=_trade_off(k, stand, trade))
    me = stand[pick]
    margin = k.decision["margin"]
    near = [r for r in open_to if r not in (pick, chosen) and _near(stand[r], me, margin)]
    tied = [r for r in near if stand[r].score == me.score]
    confidence = "none_fits" if me.failed else "close" if near else "clear"
    key = "chosen_not_open" if kw else confidence
    return _block(k, pick, confidence, key, [], me.failed, tied, rivals=_names(k, near, "and"),
                  come="come" if len(near) > 1 else "comes", tie=_tie(k, me, [stand[r] for r in tied], margin),
                  unmet=_labels(k, me.failed), **kw)


def _tie(k: Knowledge, me: _Standing, tied: list, margin: int) -> str:
    """How the advised model came first: within the margin on score, or which tie-break settled it."""
    if not tied:
        return f"within {margin} point{'s' if margin != 1 else ''} on score"
    settled = "fewer of the handbook's risks" if any(t.worst[2] != me.worst[2] for t in tied) \
        else "the handbook describes it first"
    return f"level on score, and ahead on the tie-break: {settled}"


def _trading(stand: dict, pool: list, pick) -> list:
    """The best model for each different set of failed priorities, when the fewest any model fails
    is one or more and models fail different ones (a trade-off); else []."""
    def at_risk(m):   # unknowns counted against, as in the leader's worst case
        return tuple(stand[m].failed + stand[m].unknown)

    if pick is None or not at_risk(pick):
        return []
    best: dict = {}
    for m in sorted(pool, key=lambda m: stand[m].worst):
        if len(at_risk(m)) == len(at_risk(pick)):
            best.setdefault(frozenset(at_risk(m)), m)
    return list(best.values()) if len(best) > 1 else []


def _trade_off(k: Knowledge, stand: dict, models: list) -> str:
    """What each option gives up: "A does not meet x; B does not meet y"."""
    return "; ".join(f"{_name(k, m)} fails {_labels(k, stand[m].failed + stand[m].unknown)}" for m in models)


def _block(k: Knowledge, model, confidence: str, key: str, depends: list, failed: list, tied: list, **words) -> dict:
    """The `decision` block (its next steps are added by the caller)."""
    headline = k.decision["headlines"][key].format(model=_name(k, model), **words)
    return {"model": model, "confidence": confidence, "headline": headline, "depends_on": depends,
            "unmet_priorities": list(failed), "tied_with": tied, "next_steps": []}


def _next_steps(k: Knowledge, p: Plan, j: Judged | None, stated: list, confidence: str) -> list:
    """What to act on for the advised model (its criteria not yet good, those of stated priorities
    first), then the steps for the decision's confidence and for every decision."""
    acts, closing = k.memo.once(("next_steps", p), lambda: _steps(k, p))
    steps = []
    if j is not None:
        todo = j.todo
        if stated:
            weighed = {c for pid in stated for c in p.priorities[pid]}
            todo = sorted(todo, key=lambda c: c not in weighed)
        steps = [acts[j.id, c] for c in todo]
    steps += [step for confidences, step in closing if not confidences or confidence in confidences]
    return steps


def _steps(k: Knowledge, p: Plan) -> tuple:
    """({(model, criterion): the step acting on it}, ((confidences or None, a step for every decision), ...)):
    each step made once and shared (read-only)."""
    def step(spec: dict, text: str) -> dict:
        return {"text": spec[text].strip(), "citation": spec["citation"], "basis": spec.get("basis", "source")}

    acts = {(m, c): step(spec, "act") for m, row in p.specs.items() for c, spec in row if "act" in spec}
    closing = tuple((s.get("confidence"), step(s, "text")) for s in k.decision.get("next_steps") or ())
    return acts, closing


def _ordered(p: Plan, models: list, judged: dict, stand: dict, advised) -> list:
    """The model entries with what the decision found, the advised model first, then those that can
    apply best first, then those that cannot."""
    keys = []
    for m in models:   # made for this call: filled in place
        mid = m["id"]
        j, s = judged[mid], stand[mid]
        m["applicable"] = j.why_not is None
        m["why_not"] = j.why_not
        m["criteria"] = criteria_list(j)
        m["unmet_priorities"] = s.failed
        m["recommended"] = mid == advised
        if j.why_not:
            m["rating"] = "unsuitable"
        keys.append((mid != advised, j.why_not is not None, s.worst, m))
    keys.sort(key=_UP_TO_MODEL)
    out = [key[3] for key in keys]
    for i, e in enumerate(out, 1):
        e["rank"] = i
    return out


_UP_TO_MODEL = itemgetter(slice(0, 3))


def _name(k: Knowledge, model) -> str:
    return k.models[model]["name"] if model else ""


def _names(k: Knowledge, models: list, last: str) -> str:
    return _join([_name(k, m) for m in models], last)


def _labels(k: Knowledge, priorities: list) -> str:
    labels = {c["value"]: c["label"] for c in k.questions["priorities"]["choices"]}
    which = "your priority to" if len(priorities) == 1 else "your priorities to"
    return f"{which} {_join([_lower(labels[pid]) for pid in priorities], 'and')}"


def _asks(k: Knowledge, questions) -> str:
    asks = k.decision.get("asks") or {}
    return _join([asks.get(q) or k.questions[q]["prompt"].rstrip("?").lower() for q in questions], "and")


def _lower(label: str) -> str:
    """A label inside a sentence: "Keep NHS pension access" -> "keep NHS pension access"."""
    return label[:1].lower() + label[1:]


def _join(words: list, last: str) -> str:
    """"a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}" if words else ""
