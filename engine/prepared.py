"""Prepared conclusions: everything about an assessment that depends on the rules, not the facts.

For each compiled rule variant (one rule for one model, or network-wide) an `Event` holds what
it concludes when it fires (its eligibility reason, flag, fit, checklist items, derived values),
its explanation entry and its place in the output. `prepare` makes them once per knowledge base
and compilation, with each checklist entry a rule can add, so assembling an assessment is mostly
lookups and list appends. Every dict here is shared by every assessment that shows it: read it,
never change it (copy first).
"""
from __future__ import annotations

from dataclasses import dataclass

from .compiler import CHECKLIST_PREFIX, Compiled
from .disagreements import Index, index
from .knowledge import Knowledge
from .report import JUDGEMENT
from .scope import derived_scoped

SEVERITY_RANK = {"blocker": 0, "warning": 1, "info": 2}
# Worst first: when rules disagree the worst status wins. `blocked`: the network qualifies but
# something (a network-wide blocker) stops it going ahead until it is put right.
STATUS_RANK = {"not_eligible": 0, "blocked": 1, "needs_approval": 2, "unknown": 3, "eligible": 4}


@dataclass(frozen=True, slots=True)
class Event:
    """What one rule variant concludes when it fires for one model (or network-wide)."""

    pos: int                # place in output order (knowledge order, then model order)
    rule_id: str
    model: str | None
    item_id: str | None
    explanation: dict       # its explanation entry, "matched" to be filled in
    explanation_fixed: dict  # the entry when it reads no known fact or derived value
    fact_names: tuple
    derived: tuple          # ((name, key in the derived values), ...) read by the rule
    eligibility: dict | None
    flag: dict | None
    fit: dict | None
    checklist: tuple
    hits: tuple             # ((item's knowledge position, item, model, its checklist entry), ...) per item it adds
    derive: dict
    severity: int           # SEVERITY_RANK of the flag
    flagged: tuple | None   # (severity, model, flag) when it raises a flag
    status_rank: int        # STATUS_RANK of its eligibility status (engine.conclusions)
    concludes: bool         # adds anything besides its explanation (a checklist item, flag, fit...)
    raises: tuple           # ids of the disagreements its firing raises (engine.disagreements)


@dataclass(frozen=True, eq=False)
class Prepared:
    """Fact-independent data for building assessments from one compiled knowledge base."""

    events: dict            # variant -> Event (a variant is one rule for one model, or network-wide)
    model_order: tuple      # model ids in knowledge order
    model_rank: dict        # model id -> its index in that order
    model_text: dict        # model id -> (name, summary, citation)
    disputes: Index         # the sources' disagreements, indexed (engine.disagreements)
    items: dict             # (checklist item, model, rule) -> the checklist entry it gives
    item_pos: dict          # checklist item -> its place in knowledge order
    pos: dict               # variant -> its Event's place in output order (`Event.pos`)


def advised(point: dict, key: str, entry: dict) -> dict:
    """`point` (a flag or checklist item) with the `our_advice` its knowledge `entry` adds to a cited
    text: appended to `point[key]` marked as this tool's judgement, and kept apart as
    `our_advice: {text, basis: judgement}` (none added when the entry has no advice of ours)."""
    advice = entry.get("our_advice")
    if not advice:
        return point
    advice = advice.strip()
    return dict(point, **{key: f"{point[key]} {advice} {JUDGEMENT}"}, our_advice={"text": advice, "basis": "judgement"})


def prepare(k: Knowledge, compiled: Compiled) -> Prepared:
    """Per-variant, per-model conclusions (made once per knowledge base, in the wording its texts are
    in (`engine.wording.for_day`), and compilation)."""
    return k.memo.once(("prepared", compiled), lambda: _prepare(k, compiled))


def _prepare(k: Knowledge, compiled: Compiled) -> Prepared:
    scoped = derived_scoped(k)
    rank_of = {m: i for i, m in enumerate(k.models)}
    actions = compiled.actions
    ordered = sorted(actions, key=lambda name: (actions[name].index, rank_of.get(actions[name].model, -1)))
    pos = {name: n for n, name in enumerate(ordered)}
    events, items = {}, {}
    item_pos = {item: n for n, item in enumerate(k.checklist)}
    disputes = index(k)
    for name, action in actions.items():
        is_item = action.rule_id.startswith(CHECKLIST_PREFIX)
        item_id = action.rule_id[len(CHECKLIST_PREFIX):] if is_item else None
        entry = k.checklist[item_id] if is_item else k.rule(action.rule_id)
        then = {} if is_item else entry["then"]
        citation = entry["citation"]
        elig, fit, f = then.get("eligibility"), then.get("fit"), then.get("flag")
        model = action.model
        basis = entry.get("basis", "source")
        explanation = {"rule": action.rule_id, "model": model,
                       "because": (entry.get("description") or entry["text"]).strip(),
                       "matched": None, "citation": citation, "basis": basis}
        flag = f and advised({"code": f.get("code", action.rule_id), "category": f["category"],
                              "severity": f["severity"], "message": f["message"].strip(),
                              "advice": bool(f.get("advice")), "citation": citation, "rule": action.rule_id,
                              "model": model, "basis": f.get("basis", basis)}, "message", f)
        checklist = tuple(then.get("checklist") or ())
        derive = dict(then.get("derive") or {})
        for item in ((item_id,) if is_item else checklist):
            key = (item, model, action.rule_id)
            if key not in items:
                items[key] = _item(item, k.checklist[item], model, action.rule_id)
        events[name] = Event(
            pos=pos[name], rule_id=action.rule_id, model=model, item_id=item_id,
            explanation=explanation,
            explanation_fixed=dict(explanation, matched={"model": model} if model is not None else {}),
            fact_names=action.fact_names,
            derived=tuple((n, (n, model if scoped[n] and model else "-")) for n in action.derived_names),
            eligibility=elig and {"text": elig["reason"], "status": elig["status"], "rule": action.rule_id,
                                  "citation": citation, "basis": elig.get("basis", basis)},
            flag=flag,
            fit=fit and model and {"text": fit["reason"], "score": fit["score"], "rule": action.rule_id,
                                   "citation": citation, "basis": fit.get("basis", "judgement")},
            checklist=checklist, derive=derive,
            hits=tuple((item_pos[item], item, model, items[item, model, action.rule_id])
                       for item in ((item_id,) if is_item else checklist)),
            severity=SEVERITY_RANK[flag["severity"]] if flag else -1,
            flagged=(SEVERITY_RANK[flag["severity"]], model, flag) if flag else None,
            status_rank=STATUS_RANK[elig["status"]] if elig else len(STATUS_RANK),
            concludes=bool(item_id or derive or elig or flag or (fit and model) or checklist),
            raises=() if is_item else disputes.by_rule.get(action.rule_id, ()))
    model_text = {m: (spec["name"], spec["summary"].strip(), spec["citation"]) for m, spec in k.models.items()}
    return Prepared(events, tuple(k.models), rank_of, model_text, disputes, items, item_pos, pos)


def _item(item_id: str, item: dict, model: str | None, rule: str) -> dict:
    """A checklist entry, as the rule `rule` (fired for `model`) adds it."""
    return advised({"id": item_id, "text": item["text"].strip(), "category": item["category"], "model": model,
                    "citation": item["citation"], "rule": rule}, "text", item)
