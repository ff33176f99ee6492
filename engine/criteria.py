"""Criteria: each model judged on the handbook's risk-table criteria, and whether it can apply at all.

The handbook's "At a glance: risk assessment" lists judge every model on the same few points
(employment liability, NHS pension, VAT, CQC, subcontracting and admin, the practices' control).
knowledge/decision.yaml holds that judgement per model and criterion: `good` or `risk`, or the
answer to a yes/no question it turns on (unknown until answered). A model is *not applicable* when a
blocker fired for it or an applicability entry holds (one practice cannot run a multi-practice
model); it is *unconfirmed* while an unanswered question could still rule it out (a model blocker
waiting on an answer, or an entry's `unconfirmed_when`). `Plan` is all of this worked out once per
prepared knowledge base; `judge` reads it against one network's facts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .clauses import MISSING, all_hold, holds
from .knowledge import Knowledge
from .prepared import Prepared
from .scope import in_force, models_in, scope_of

STATUSES = ("good", "risk", "unknown")


@dataclass(frozen=True, eq=False)
class Plan:
    """What judging a model needs, made once per prepared knowledge base (read-only)."""

    criteria: tuple        # criterion ids, in the fixed order
    specs: dict            # model -> ((criterion, spec), ...)
    entries: dict          # (model, criterion, status) -> the criterion entry of the output
    priorities: dict       # priority -> its criteria
    stated_by: dict        # yes/no question -> the priority a "yes" states
    blockers: dict         # fired variant -> (model, the blocker's message)
    waiting: tuple         # (rule, model) for each model blocker rule: may still fire on an answer
    applicability: tuple   # the applicability entries
    turning: dict          # model -> (fixed statuses, ((index, criterion, spec) turning on a question, ...))


@dataclass(frozen=True, slots=True)
class Judged:
    """One model judged on one network's facts."""

    id: str
    statuses: tuple        # one status per criterion, in order
    unknown_on: dict       # criterion -> the question it waits on
    why_not: str | None    # set when the model cannot apply
    unconfirmed: tuple     # questions that could still rule the model out


def plan(k: Knowledge, prep: Prepared) -> Plan:
    """The decision's plan for a prepared knowledge base (made once, kept in the knowledge's memo)."""
    return k.memo.once(("decision_plan", prep), lambda: _plan(k, prep))


def _plan(k: Knowledge, prep: Prepared) -> Plan:
    d = k.decision
    criteria = tuple(c["id"] for c in d["criteria"])
    specs, entries = {}, {}
    for m in prep.model_order:
        own = d["assessments"][m]
        specs[m] = tuple((c, own[c]) for c in criteria)
        for c, spec in specs[m]:
            for status in STATUSES:
                entries[(m, c, status)] = _entry(c, spec, status)
    rank = k.insight["ranking"]["priorities"]
    blockers = {v: (ev.model, ev.flag["message"]) for v, ev in prep.events.items()
                if ev.flag and ev.model and ev.flag["severity"] == "blocker"}
    waiting = tuple((r, m) for r in k.rules if (r["then"].get("flag") or {}).get("severity") == "blocker"
                    for m in models_in(scope_of(k, r.get("model"))) if m is not None)
    return Plan(criteria, specs, entries, {p["id"]: tuple(p["criteria"]) for p in rank},
                {p["question"]: p["id"] for p in rank if p.get("question")}, blockers, waiting,
                tuple(d.get("applicability") or ()),
                {m: (tuple(spec.get("status", "unknown") for _c, spec in row),
                     tuple((i, c, spec) for i, (c, spec) in enumerate(row) if "turns_on" in spec))
                 for m, row in specs.items()})


def _entry(criterion: str, spec: dict, status: str) -> dict:
    """A criterion's entry for a model in a given status."""
    because = spec["because"]
    if isinstance(because, dict):
        because = because.get(status) or because.get("unknown")
    return {"id": criterion, "status": status, "condition": spec.get("condition"), "because": because.strip(),
            "citation": spec["citation"], "basis": spec.get("basis", "source")}


def status_of(spec: dict, flat: dict) -> str:
    """A criterion's status for a model: fixed, or from the answer to the question it turns on."""
    q = spec.get("turns_on")
    if q is None:
        return spec["status"]
    value = flat.get(q, MISSING)
    if value is MISSING:
        return "unknown"
    return spec["if_true"] if value else spec["if_false"]


def judge(k: Knowledge, p: Plan, flat: dict, day: dt.date, fired: list) -> dict:
    """{model: Judged} for a network's flat facts and the rule variants fired for it."""
    why_not: dict = {}
    for variant in fired:
        hit = p.blockers.get(variant)
        if hit is not None and hit[0] not in why_not:
            why_not[hit[0]] = hit[1]
    unconfirmed: dict = {}
    for rule, m in p.waiting:   # a blocker that fired has ruled its model out above
        if m in why_not or not in_force(rule, day):
            continue
        asks = _waits_on(k, rule, flat, day)
        if asks:
            unconfirmed.setdefault(m, []).extend(q for q in asks if q not in unconfirmed.get(m, ()))
    for entry in p.applicability:
        if all_hold(entry["when"], flat, k, day):
            for m in entry["models"]:
                why_not.setdefault(m, entry["why_not"].strip())
        elif entry.get("unconfirmed_when") and all_hold(entry["unconfirmed_when"], flat, k, day):
            for m in entry["models"]:
                unconfirmed.setdefault(m, []).append(entry["asks"])
    out = {}
    for m, (fixed, turning) in p.turning.items():
        statuses, unknown_on = fixed, {}
        if turning:
            statuses = list(fixed)
            for i, c, spec in turning:
                statuses[i] = s = status_of(spec, flat)
                if s == "unknown":
                    unknown_on[c] = spec["turns_on"]
            statuses = tuple(statuses)
        out[m] = Judged(m, statuses, unknown_on, why_not.get(m),
                        () if m in why_not else tuple(dict.fromkeys(unconfirmed.get(m, ()))))
    return out


def _waits_on(k: Knowledge, rule: dict, flat: dict, day: dt.date) -> list:
    """The unanswered questions on which a (not fired) blocker rule could still fire: its clauses on
    known facts all hold and the rest read questions not yet answered."""
    asks = []
    for clause in rule.get("when") or []:
        (name, test), = clause.items()
        value = flat.get(name, MISSING)
        if value is not MISSING:
            if not holds(test, value, k, day):
                return []
        elif name in k.questions and holds(test, False, k, day) | holds(test, True, k, day):
            asks.append(name)
        elif not holds(test, MISSING, k, day):
            return []
    return asks


def criteria_list(p: Plan, judged: Judged) -> list:
    """A model's `criteria`: the plan's entries, shared by every assessment that shows them (read-only)."""
    return [p.entries[(judged.id, c, s)] for c, s in zip(p.criteria, judged.statuses, strict=True)]
