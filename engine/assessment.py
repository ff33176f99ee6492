"""An assessment: what the fired rules conclude, assembled into the JSON contract.

Input is the list of firings (rule variant + the facts it matched) from either evaluator; output
is eligibility, flags, the five models compared and ranked, funding, checklist, open questions and
the explanation of every rule that fired.
"""
from __future__ import annotations

import datetime as dt

from .clauses import all_hold
from .compiler import CHECKLIST_PREFIX, Compiled
from .dates import contract_year_label
from .facts import engine_fact
from .funding import estimate
from .knowledge import Knowledge

SEVERITY_RANK = {"blocker": 0, "warning": 1, "info": 2}
STATUS_RANK = {"not_eligible": 0, "needs_approval": 1, "unknown": 2, "eligible": 3}


def rating(score: int, blocked: bool) -> str:
    """A model's fit rating from its score and whether any blocker applies."""
    if blocked:
        return "unsuitable"
    return "good" if score >= 2 else "possible" if score >= 0 else "poor"


def _matched(action, matched: dict, model: str | None) -> dict:
    facts = matched.get("f", {})
    out = {n: facts.get(n) for n in action.fact_names if n in facts}
    for key, value in matched.items():
        if key.startswith("d"):
            out[value["n"]] = value["v"]
    if model is not None:
        out["model"] = model
    return out


def build(k: Knowledge, compiled: Compiled, facts: dict, day: dt.date, firings: list) -> dict:
    """Assemble the assessment from `firings`: [(variant, matched), ...]."""
    order = list(k.models)
    chosen = facts.get("operating_model")
    events = []
    for variant, matched in firings:
        action = compiled.actions[variant]
        model = matched.get("mm", {}).get("model")
        events.append((action.index, order.index(model) if model else -1, action, model, matched))
    events.sort(key=lambda e: (e[0], e[1]))

    status, reasons = None, []
    flags, checklist_hits, explanation = [], {}, []
    fits = {m: [] for m in order}
    derived = {}
    for _, _, action, model, matched in events:
        is_item = action.rule_id.startswith(CHECKLIST_PREFIX)
        entry = k.checklist[action.rule_id[len(CHECKLIST_PREFIX):]] if is_item else k.rule(action.rule_id)
        citation = entry["citation"]
        explanation.append({"rule": action.rule_id, "model": model, "because": entry.get("description") or entry["text"],
                            "matched": _matched(action, matched, model), "citation": citation})
        if is_item:
            checklist_hits.setdefault(entry["id"], (model, action.rule_id))
            continue
        then = entry["then"]
        if model is None:
            derived.update(then.get("derive") or {})
        elig = then.get("eligibility")
        if elig:
            reasons.append({"text": elig["reason"], "status": elig["status"], "rule": action.rule_id,
                            "citation": citation})
            if status is None or STATUS_RANK[elig["status"]] < STATUS_RANK[status]:
                status = elig["status"]
        flag = then.get("flag")
        if flag:
            flags.append({"code": flag.get("code", action.rule_id), "category": flag["category"],
                          "severity": flag["severity"], "model": model, "message": flag["message"].strip(),
                          "advice": bool(flag.get("advice")), "citation": citation, "rule": action.rule_id})
        if then.get("fit") and model:
            fits[model].append({"text": then["fit"]["reason"], "score": then["fit"]["score"],
                                "rule": action.rule_id, "citation": citation})
        for item in then.get("checklist") or []:
            checklist_hits.setdefault(item, (model, action.rule_id))

    if status is None:
        status = "unknown"
        reasons.append({"text": "No eligibility rule applies on this date.", "status": "unknown",
                        "rule": None, "citation": None})
    flags.sort(key=lambda f: SEVERITY_RANK[f["severity"]])

    models = []
    for m in order:
        mflags = [f for f in flags if f["model"] == m]
        score = sum(r["score"] for r in fits[m])
        blocked = any(f["severity"] == "blocker" for f in mflags)
        models.append({"id": m, "name": k.models[m]["name"], "summary": k.models[m]["summary"].strip(),
                       "citation": k.models[m]["citation"], "chosen": m == chosen, "score": score,
                       "rating": rating(score, blocked), "reasons": fits[m], "flags": mflags})
    models.sort(key=lambda x: (x["rating"] == "unsuitable", -x["score"], order.index(x["id"])))
    for rank, m in enumerate(models, 1):
        m["rank"] = rank
        m["recommended"] = rank == 1 and m["rating"] != "unsuitable"
    recommended = next((m["id"] for m in models if m["recommended"]), None)
    focus = chosen or recommended

    open_questions = _open_questions(k, engine_fact(facts, day), day)
    by_model = {m: [q for q, affects in open_questions if m in affects] for m in order}
    for m in models:
        m["open_questions"] = by_model[m["id"]]

    checklist = []
    for item_id, item in k.checklist.items():
        if item_id not in checklist_hits:
            continue
        model, rule = checklist_hits[item_id]
        if model is not None and model != focus:
            continue
        checklist.append({"id": item_id, "text": item["text"].strip(), "category": item["category"],
                          "model": model, "citation": item["citation"], "rule": rule})

    population = facts.get("population")
    funding = estimate(k, population, day, contract_year_label(day), status in ("eligible", "needs_approval"))
    return {
        "rules_version": k.rules_version,
        "as_of": day.isoformat(),
        "contract_year": contract_year_label(day),
        "facts": facts,
        "eligibility": {"status": status, "reasons": reasons},
        "flags": [f for f in flags if f["model"] is None or (f["model"] == chosen if chosen else True)],
        "models": models,
        "recommended_model": recommended,
        "funding": funding,
        "checklist": checklist,
        "open_questions": [{"id": q, "prompt": k.questions[q]["prompt"], "affects": affects}
                           for q, affects in open_questions],
        "derived": derived,
        "explanation": explanation,
    }


def _open_questions(k: Knowledge, facts: dict, day: dt.date) -> list:
    """Unanswered questions worth asking, with the models whose rules read them (most first)."""
    affects: dict[str, list] = {}
    for r in k.rules:
        if r.get("from") and day < r["from"] or r.get("until") and day > r["until"]:
            continue
        for clause in r.get("when") or []:
            name = next(iter(clause))
            if name in k.questions and name not in facts:
                models = list(k.models) if r.get("model") in ("any", None) else [r["model"]]
                bucket = affects.setdefault(name, [])
                bucket.extend(m for m in models if m not in bucket)
    out = []
    for qid, q in k.questions.items():
        if qid in affects and all_hold(q.get("ask_when"), facts, k, day):
            out.append((qid, affects[qid]))
    return out
