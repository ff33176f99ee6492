"""Prepared conclusions: everything about an assessment that does not depend on the facts.

For each compiled rule variant (one rule for one model, or network-wide) an `Event` holds what
it concludes when it fires (its eligibility reason, flag, fit, checklist items, derived values) and
the text of its explanation, both as objects and as JSON encoded once. `prepare` makes them once
per compiled knowledge base, so assembling an assessment is mostly lookups and list appends.
"""
from __future__ import annotations

from dataclasses import dataclass

import orjson

from . import cache
from .compiler import CHECKLIST_PREFIX, Compiled
from .disagreements import Index, index
from .knowledge import Knowledge
from .report import JUDGEMENT
from .scope import derived_scoped

SEVERITY_RANK = {"blocker": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Event:
    """What one rule variant concludes when it fires for one model (or network-wide): the parts
    that do not depend on the facts are made once, and each assessment gets copies."""

    order: tuple            # (knowledge index, model rank): output order
    rule_id: str
    model: str | None
    item_id: str | None
    explanation: dict       # with "matched" to fill in
    explanation_json: tuple  # its JSON before and after the matched facts
    explanation_fixed: orjson.Fragment  # its whole JSON when it read no known fact or derived value
    fact_names: tuple
    derived: tuple          # ((name, key in the derived values), ...) read by the rule
    eligibility: dict | None
    flag: dict | None
    fit: dict | None
    checklist: tuple
    derive: dict
    severity: int           # SEVERITY_RANK of the flag
    eligibility_json: orjson.Fragment | None
    flag_json: orjson.Fragment | None
    fit_json: orjson.Fragment | None
    concludes: bool         # adds anything besides its explanation (a checklist item, flag, fit...)


@dataclass(frozen=True, eq=False)  # hashed by identity: stores in `engine.cache` are keyed by it
class Prepared:
    """Fact-independent data for building assessments from one compiled knowledge base."""

    events: dict            # variant -> Event (a variant is one rule for one model, or network-wide)
    model_order: tuple      # model ids in knowledge order
    model_rank: dict        # model id -> its index in that order
    model_text: dict        # model id -> (name, summary, citation)
    disputes: Index         # the sources' disagreements, indexed (engine.disagreements)


_MATCHED = "\x00matched\x00"  # stands in for the matched facts while a template is encoded


def fragment(obj) -> orjson.Fragment | None:
    """`obj` encoded once, for embedding in later encodings as is (None stays None)."""
    return None if obj is None else orjson.Fragment(orjson.dumps(obj))


def advised(point: dict, key: str, entry: dict) -> dict:
    """`point` (a flag or checklist item) with the `our_advice` its knowledge `entry` adds to a cited
    text: appended to `point[key]` marked as this tool's judgement, and kept apart as
    `our_advice: {text, basis: judgement}` (none added when the entry has no advice of ours)."""
    advice = entry.get("our_advice")
    if not advice:
        return point
    advice = advice.strip()
    return dict(point, **{key: f"{point[key]} {advice} {JUDGEMENT}"}, our_advice={"text": advice, "basis": "judgement"})


def _around_matched(template: dict) -> tuple[bytes, bytes]:
    text = orjson.dumps(dict(template, matched=_MATCHED))
    before, marker, after = text.partition(orjson.dumps(_MATCHED))
    assert marker and after.count(orjson.dumps(_MATCHED)) == 0
    return before, after


def prepare(k: Knowledge, compiled: Compiled) -> Prepared:
    """Per-variant, per-model conclusions and the question index (cached per compiled knowledge base
    and the wording its texts are in, `engine.wording.for_day`)."""
    cached = cache.PREPARED.get((compiled, k))
    if cached is not None:
        return cached
    scoped = derived_scoped(k)
    rank_of = {m: i for i, m in enumerate(k.models)}
    events = {}
    for name, action in compiled.actions.items():
        is_item = action.rule_id.startswith(CHECKLIST_PREFIX)
        item_id = action.rule_id[len(CHECKLIST_PREFIX):] if is_item else None
        entry = k.checklist[item_id] if is_item else k.rule(action.rule_id)
        then = {} if is_item else entry["then"]
        citation = entry["citation"]
        elig, fit, f = then.get("eligibility"), then.get("fit"), then.get("flag")
        model = action.model
        basis = entry.get("basis", "source")
        events[name] = _event(
            order=(action.index, rank_of.get(model, -1)), rule_id=action.rule_id, model=model,
            item_id=item_id,
            explanation={"rule": action.rule_id, "model": model,
                         "because": (entry.get("description") or entry["text"]).strip(),
                         "matched": None, "citation": citation, "basis": basis},
            fact_names=action.fact_names,
            derived=tuple((n, (n, model if scoped[n] and model else "-")) for n in action.derived_names),
            eligibility=elig and {"text": elig["reason"], "status": elig["status"], "rule": action.rule_id,
                                  "citation": citation, "basis": elig.get("basis", basis)},
            flag=f and advised({"code": f.get("code", action.rule_id), "category": f["category"],
                                "severity": f["severity"], "message": f["message"].strip(),
                                "advice": bool(f.get("advice")), "citation": citation, "rule": action.rule_id,
                                "model": model, "basis": f.get("basis", basis)}, "message", f),
            fit=fit and model and {"text": fit["reason"], "score": fit["score"], "rule": action.rule_id,
                                   "citation": citation, "basis": fit.get("basis", "judgement")},
            checklist=tuple(then.get("checklist") or ()), derive=dict(then.get("derive") or {}))
    model_text = {m: (spec["name"], spec["summary"].strip(), spec["citation"]) for m, spec in k.models.items()}
    return cache.PREPARED.put((compiled, k), Prepared(events, tuple(k.models), rank_of, model_text, index(k)))


def _event(**fields) -> Event:
    """An Event with its JSON parts encoded from its object parts."""
    flag = fields["flag"]
    before, after = _around_matched(fields["explanation"])
    model = fields["model"]
    fixed = orjson.dumps({"model": model} if model is not None else {})
    return Event(**fields, explanation_json=(before, after),
                 explanation_fixed=orjson.Fragment(before + fixed + after),
                  severity=SEVERITY_RANK[flag["severity"]] if flag else -1,
                  eligibility_json=fragment(fields["eligibility"]), flag_json=fragment(flag),
                  fit_json=fragment(fields["fit"]),
                  concludes=bool(fields["item_id"] or fields["derive"] or fields["eligibility"] or flag
                                 or fields["fit"] or fields["checklist"]))
