"""An assessment: what the fired rules conclude, assembled into the JSON contract.

Input is the list of firings (rule variant and model) and the derived values; output is
eligibility, flags, the five models compared and ranked, funding, checklist, open questions and the
explanation of every rule that fired. Everything that does not depend on the facts is prepared
once per compiled knowledge base (`prepare`), so building an assessment is mostly list appends.

`build` makes the assessment as objects, or (`encoded=True`) directly as its JSON text: the same
decisions, with each fixed part (a flag, a reason, an explanation around its matched facts, a
checklist item) written from JSON prepared once. The text is byte for byte what encoding the
objects gives, at a fraction of the cost, for callers that only store and send it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter

import orjson

from .compiler import CHECKLIST_PREFIX, Compiled
from .dates import contract_year_label
from .facts import engine_fact
from .funding import estimate
from .knowledge import Knowledge
from .open_questions import open_questions as _open_questions, rules_reading

SEVERITY_RANK = {"blocker": 0, "warning": 1, "info": 2}
BLOCKER = SEVERITY_RANK["blocker"]
STATUS_RANK = {"not_eligible": 0, "needs_approval": 1, "unknown": 2, "eligible": 3}


def rating(score: int, blocked: bool) -> str:
    """A model's fit rating from its score and whether any blocker applies."""
    if blocked:
        return "unsuitable"
    return "good" if score >= 2 else "possible" if score >= 0 else "poor"


@dataclass(frozen=True, slots=True)
class _Event:
    """What one rule variant concludes when it fires for one model (or network-wide): the parts
    that do not depend on the facts are made once, and each assessment gets copies."""

    order: tuple            # (knowledge index, model rank): output order
    rule_id: str
    model: str | None
    item_id: str | None
    explanation: dict       # with "matched" to fill in
    explanation_json: tuple  # its JSON before and after the matched facts
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


@dataclass(frozen=True)
class Prepared:
    """Fact-independent data for building assessments from one compiled knowledge base."""

    events: dict            # (variant, model) -> _Event
    question_rules: dict    # question id -> [(from, until, models)]
    model_order: tuple      # model ids in knowledge order
    model_rank: dict        # model id -> its index in that order
    model_text: dict        # model id -> (name, summary, citation)
    items_json: dict        # (item id, model, rule) -> checklist entry as JSON, filled as met
    questions_json: dict    # (question id, models affected) -> open-questions entry as JSON, filled as met


_MATCHED = "\x00matched\x00"  # stands in for the matched facts while a template is encoded


def _fragment(obj) -> orjson.Fragment | None:
    return None if obj is None else orjson.Fragment(orjson.dumps(obj))


def _around_matched(template: dict) -> tuple[bytes, bytes]:
    text = orjson.dumps(dict(template, matched=_MATCHED))
    before, marker, after = text.partition(orjson.dumps(_MATCHED))
    assert marker and after.count(orjson.dumps(_MATCHED)) == 0
    return before, after


_PREPARED: dict[int, Prepared] = {}


def prepare(k: Knowledge, compiled: Compiled) -> Prepared:
    """Per-variant, per-model conclusions and the question index (cached per compiled knowledge base)."""
    cached = _PREPARED.get(id(compiled))
    if cached is not None:
        return cached
    scoped = {n: r.get("model") is not None for r in k.rules for n in (r["then"].get("derive") or {})}
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
        events[(name, model)] = _event(
            order=(action.index, rank_of.get(model, -1)), rule_id=action.rule_id, model=model,
            item_id=item_id,
            explanation={"rule": action.rule_id, "model": model,
                         "because": (entry.get("description") or entry["text"]).strip(),
                         "matched": None, "citation": citation},
            fact_names=action.fact_names,
            derived=tuple((n, (n, model if scoped[n] and model else "-")) for n in action.derived_names),
            eligibility=elig and {"text": elig["reason"], "status": elig["status"], "rule": action.rule_id,
                                  "citation": citation},
            flag=f and {"code": f.get("code", action.rule_id), "category": f["category"],
                        "severity": f["severity"], "message": f["message"].strip(),
                        "advice": bool(f.get("advice")), "citation": citation, "rule": action.rule_id,
                        "model": model},
            fit=fit and model and {"text": fit["reason"], "score": fit["score"], "rule": action.rule_id,
                                   "citation": citation},
            checklist=tuple(then.get("checklist") or ()), derive=dict(then.get("derive") or {}))
    question_rules = rules_reading(k)
    model_text = {m: (spec["name"], spec["summary"].strip(), spec["citation"]) for m, spec in k.models.items()}
    prepared = _PREPARED[id(compiled)] = Prepared(events, question_rules, tuple(k.models), rank_of, model_text,
                                                  {}, {})
    return prepared


def _event(**fields) -> _Event:
    """An _Event with its JSON parts encoded from its object parts."""
    flag = fields["flag"]
    before, after = _around_matched(fields["explanation"])
    return _Event(**fields, explanation_json=(before, after + b","),
                  severity=SEVERITY_RANK[flag["severity"]] if flag else -1,
                  eligibility_json=_fragment(fields["eligibility"]), flag_json=_fragment(flag),
                  fit_json=_fragment(fields["fit"]),
                  concludes=bool(fields["item_id"] or fields["derive"] or fields["eligibility"] or flag
                                 or fields["fit"] or fields["checklist"]))


def _order(event: _Event) -> tuple:
    return event.order


def build(k: Knowledge, compiled: Compiled, facts: dict, day: dt.date, fired: list, derived: dict,
          flat: dict | None = None, encoded: bool = False):
    """Assemble the assessment from `fired` [(variant, model), ...] and the derived values.

    Returns the assessment, or with `encoded` (summary, JSON text): the summary holds what a store
    indexes (`rules_version`, `contract_year`, `eligibility` status, `recommended_model`).
    """
    prep = prepare(k, compiled)
    order = prep.model_order
    chosen = facts.get("operating_model")
    if flat is None:
        flat = engine_fact(facts, day)
    events = sorted(map(prep.events.__getitem__, fired), key=_order)

    status, reasons = None, []
    flags, checklist_hits = [], {}   # flags: (severity, model, flag)
    fits = {m: [] for m in order}    # (score, reason)
    global_derived = {}
    explanation = []                 # entries, or with `encoded` the JSON text of each in pieces
    dumps = orjson.dumps
    for ev in events:
        model = ev.model
        matched = {n: flat[n] for n in ev.fact_names if n in flat}
        if ev.derived:
            for name, key in ev.derived:
                matched[name] = derived.get(key)
        if model is not None:
            matched["model"] = model
        if encoded:
            before, after = ev.explanation_json
            explanation += (before, dumps(matched), after)
        else:
            entry = ev.explanation.copy()
            entry["matched"] = matched
            explanation.append(entry)
        if not ev.concludes:
            continue
        if ev.item_id is not None:
            checklist_hits.setdefault(ev.item_id, []).append((model, ev.rule_id))
            continue
        if model is None and ev.derive:
            global_derived.update(ev.derive)
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
    if encoded:  # the pieces end with a comma after each entry: the last one closes the list
        explanation = orjson.Fragment(b"[" + b"".join(explanation)[:-1] + b"]" if explanation else b"[]")

    if status is None:
        status = "unknown"
        reasons.append({"text": "No eligibility rule applies on this date.", "status": "unknown",
                        "rule": None, "citation": None})
    flags.sort(key=itemgetter(0))

    model_flags: dict = {m: [] for m in order}
    blocked = set()
    for severity, model, flag in flags:
        if model is not None:
            model_flags[model].append(flag)
            if severity == BLOCKER:
                blocked.add(model)
    models = []
    for m in order:
        name, summary, citation = prep.model_text[m]
        score = sum(r[0] for r in fits[m])
        models.append({"id": m, "name": name, "summary": summary, "citation": citation, "chosen": m == chosen,
                       "score": score, "rating": rating(score, m in blocked), "reasons": [r[1] for r in fits[m]],
                       "flags": model_flags[m]})
    rank_of = prep.model_rank
    models.sort(key=lambda x: (x["rating"] == "unsuitable", -x["score"], rank_of[x["id"]]))
    for rank, m in enumerate(models, 1):
        m["rank"] = rank
        m["recommended"] = rank == 1 and m["rating"] != "unsuitable"
    recommended = next((m["id"] for m in models if m["recommended"]), None)
    focus = chosen or recommended

    open_questions = _open_questions(k, prep.question_rules, flat, day)
    per_model: dict = {m: [] for m in order}
    for q, affects in open_questions:
        for m in affects:
            per_model[m].append(q)
    for m in models:
        m["open_questions"] = per_model[m["id"]]
    if encoded:
        questions = prep.questions_json
        open_list = []
        for q, affects in open_questions:
            entry = questions.get((q, affects))
            if entry is None:
                entry = questions[(q, affects)] = _fragment(_question(k, q, affects))
            open_list.append(entry)
    else:
        open_list = [_question(k, q, affects) for q, affects in open_questions]

    checklist = []
    for item_id, item in k.checklist.items():
        # An item counts when a network-wide rule added it or a rule for the model in focus did.
        for hit in checklist_hits.get(item_id, ()):
            if hit[0] is None or hit[0] == focus:
                break
        else:
            continue
        if not encoded:
            checklist.append(_item(item_id, item, hit))
            continue
        entry = prep.items_json.get((item_id, *hit))
        if entry is None:
            entry = prep.items_json[(item_id, *hit)] = _fragment(_item(item_id, item, hit))
        checklist.append(entry)

    label = contract_year_label(day)
    funding = estimate(k, facts.get("population"), day, label, status in ("eligible", "needs_approval"))
    result = {
        "rules_version": k.rules_version,
        "as_of": day.isoformat(),
        "contract_year": label,
        "facts": facts,
        "eligibility": {"status": status, "reasons": reasons},
        "flags": [f[2] for f in flags if f[1] is None or not chosen or f[1] == chosen],
        "models": models,
        "recommended_model": recommended,
        "funding": funding,
        "checklist": checklist,
        "open_questions": open_list,
        "derived": global_derived,
        "explanation": explanation,
    }
    if not encoded:
        return result
    summary = {"rules_version": k.rules_version, "contract_year": label, "eligibility": status,
               "recommended_model": recommended}
    return summary, dumps(result)


def _question(k: Knowledge, qid: str, affects: tuple) -> dict:
    """An open-questions entry: the question, its prompt and the models its answer could change."""
    return {"id": qid, "prompt": k.questions[qid]["prompt"], "affects": list(affects)}


def _item(item_id: str, item: dict, hit: tuple) -> dict:
    """A checklist entry; `hit` is (model, rule) that added it."""
    return {"id": item_id, "text": item["text"].strip(), "category": item["category"], "model": hit[0],
            "citation": item["citation"], "rule": hit[1]}
