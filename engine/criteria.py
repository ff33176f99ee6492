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
from typing import NamedTuple

from .clauses import MISSING, condition, holds, resolved
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
    questions: tuple       # every question a criterion turns on, once each


class Judged(NamedTuple):
    """One model judged on one network's facts (those nothing rules out or leaves unconfirmed are
    shared by every network with the same answers: read-only)."""

    id: str
    statuses: tuple        # one status per criterion, in order
    unknown_on: dict       # criterion -> the question it waits on
    why_not: str | None    # set when the model cannot apply
    unconfirmed: tuple     # questions that could still rule the model out
    entries: tuple         # its `criteria` entries (shared: read-only)
    risks: int             # how many criteria are a risk
    waits: tuple           # the questions its unknown criteria wait on
    by_priority: dict      # priority -> (its status: risk if any of its criteria is, else unknown if any
                           # is, else good; the questions its unknown criteria wait on)
    todo: tuple            # the criteria not good, in order


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
                 for m, row in specs.items()},
                tuple(dict.fromkeys(spec["turns_on"] for row in specs.values() for _c, spec in row if "turns_on" in spec)))


def _entry(criterion: str, spec: dict, status: str) -> dict:
    """A criterion's entry for a model in a given status."""
    because = spec["because"]
    if isinstance(because, dict):
        because = because.get(status) or because.get("unknown")
    return {"id": criterion, "status": status, "condition": spec.get("condition"), "because": because.strip(),
            "citation": spec["citation"], "basis": spec.get("basis", "source")}


def judge(k: Knowledge, p: Plan, flat: dict, day: dt.date, fired: list) -> dict:
    """{model: Judged} for a network's flat facts and the rule variants fired for it."""
    why_not: dict = {}
    blockers = p.blockers
    for variant in filter(blockers.__contains__, fired):
        model, message = blockers[variant]
        why_not.setdefault(model, message)
    waiting, applicability = k.memo.daily(("judging", p), day, lambda: _on_day(k, p, day))
    unconfirmed: dict = {}
    for clauses, models in waiting:
        live = [m for m in models if m not in why_not]   # a blocker that fired has ruled its model out
        if live:
            asks = _waits_on(clauses, flat)
            for m in live if asks else ():
                unconfirmed.setdefault(m, []).extend(asks)
    for when, unconfirmed_when, models, reason, asks in applicability:
        if when(flat):
            for m in models:
                why_not.setdefault(m, reason)
        elif unconfirmed_when and unconfirmed_when(flat):
            for m in models:
                unconfirmed.setdefault(m, []).append(asks)
    # every model judged at once on the answers its criteria turn on (at most 3 ** questions kept),
    # as if nothing ruled it out or left it unconfirmed; then those that something does
    profiles = k.memo.once(("profiles", p), dict)
    answers = tuple(map(flat.get, p.questions))   # yes/no answers: True, False or None (unanswered)
    judged = profiles.get(answers)
    if judged is None:
        judged = profiles.setdefault(answers, _profiles(p, dict(zip(p.questions, answers, strict=True))))
    judged = dict(judged)
    for m, reason in why_not.items():
        if m in judged:
            judged[m] = _with(judged[m], reason, ())
    for m, asks in unconfirmed.items():
        if m in judged and m not in why_not:
            judged[m] = _with(judged[m], None, tuple(dict.fromkeys(asks)))
    return judged


def _with(j: Judged, why_not: str | None, unconfirmed: tuple) -> Judged:
    """`j` with its `why_not` and `unconfirmed` set (as `j._replace`, without its Python-level call)."""
    return tuple.__new__(Judged, (j.id, j.statuses, j.unknown_on, why_not, unconfirmed, j.entries, j.risks,
                                  j.waits, j.by_priority, j.todo))


def _profiles(p: Plan, answers: dict) -> dict:
    """{model: Judged} for the answers (None: unanswered) to the questions criteria turn on, before
    anything rules a model out or leaves it unconfirmed (shared: read-only)."""
    return {m: _profile(p, m, tuple(answers[spec["turns_on"]] for _i, _c, spec in turning))
            for m, (_fixed, turning) in p.turning.items()}


def _profile(p: Plan, m: str, answers: tuple) -> Judged:
    """A model judged on its answers to the questions its criteria turn on (None: unanswered), with
    nothing yet ruling it out or leaving it unconfirmed."""
    fixed, turning = p.turning[m]
    statuses, unknown_on = list(fixed), {}
    for (i, c, spec), answer in zip(turning, answers, strict=True):
        statuses[i] = s = "unknown" if answer is None else spec["if_true"] if answer else spec["if_false"]
        if s == "unknown":
            unknown_on[c] = spec["turns_on"]
    status = dict(zip(p.criteria, statuses, strict=True))
    by_priority = {}
    for pid, criteria in p.priorities.items():
        got = [status[c] for c in criteria]
        by_priority[pid] = ("risk" if "risk" in got else "unknown" if "unknown" in got else "good",
                            tuple(unknown_on[c] for c in criteria if c in unknown_on))
    statuses = tuple(statuses)
    entries = tuple(p.entries[(m, c, s)] for c, s in zip(p.criteria, statuses, strict=True))
    risks, waits = statuses.count("risk"), tuple(dict.fromkeys(unknown_on.values()))
    todo = tuple(c for c, s in zip(p.criteria, statuses, strict=True) if s != "good")
    return Judged(m, statuses, unknown_on, None, (), entries, risks, waits, by_priority, todo)


def _on_day(k: Knowledge, p: Plan, day: dt.date) -> tuple:
    """(the model blocker rules in force on `day`, each as (its clauses ready to read, its models),
    the applicability entries with their clauses resolved on `day`)."""
    by_rule: dict = {}
    for rule, m in p.waiting:
        if in_force(rule, day):
            by_rule.setdefault(id(rule), (rule, []))[1].append(m)
    waiting = []
    for rule, models in by_rule.values():
        clauses = []
        for clause in rule.get("when") or []:
            (name, test), = clause.items()
            asked = name in k.questions and (holds(test, False, k, day) or holds(test, True, k, day))
            clauses.append((name, resolved([clause], k, day)[0][1], asked, holds(test, MISSING, k, day)))
        waiting.append((tuple(clauses), tuple(models)))
    applicability = tuple((condition(resolved(e["when"], k, day)),
                           e.get("unconfirmed_when") and condition(resolved(e["unconfirmed_when"], k, day)),
                           tuple(e["models"]), e["why_not"].strip(), e.get("asks")) for e in p.applicability)
    return tuple(waiting), applicability


def _waits_on(clauses: tuple, flat: dict) -> list:
    """The unanswered questions on which a (not fired) blocker rule could still fire: its clauses on
    known facts all hold and the rest read questions not yet answered."""
    asks = []
    for name, check, asked, holds_unanswered in clauses:
        value = flat.get(name, MISSING)
        if value is not MISSING:
            if not check(value):
                return []
        elif asked:
            asks.append(name)
        elif not holds_unanswered:
            return []
    return asks


def criteria_list(judged: Judged) -> list:
    """A model's `criteria`: the plan's entries, shared by every assessment that shows them (read-only)."""
    return list(judged.entries)
