"""An assessment: what the fired rules conclude, assembled into the JSON contract.

Input is the list of fired rule variants and the derived values; output is eligibility, flags,
the five models compared and ranked, funding, checklist, open questions and the explanation of
every rule that fired. It is built once, as plain data, and `Engine.assess_json` encodes that
same object. Work is split three ways (docs/engine-speed.md):

* per knowledge base and compilation: `engine.prepared` (each variant's reason, flag, fit,
  checklist entries and explanation text) and the indexes (`engine.relevance`, `engine.disagreements`);
* per knowledge base and day, kept in `Knowledge.memo`: parameter values, the funding plan and
  duties, near-miss thresholds, coverage, the ranking block's fixed part, the open questions in use
  and their entries (`_entries` here);
* per call: only what the facts change, assembled from those parts, which every assessment shares
  (read-only: copy before changing one).
"""
from __future__ import annotations

import datetime as dt

from .compiler import Compiled
from .conclusions import FUNDED_STATUSES, checklist_for, conclude
from .coverage import coverage
from .dates import contract_year_label, parse_date
from .decision import decide
from .disagreements import printed_notes, shown
from .explanation import entries
from .facts import engine_fact
from .funding import duties, estimate
from .knowledge import Knowledge
from .near_misses import near_misses
from .prepared import Prepared, prepare
from .ranking import ranking_block, rerank
from .relevance import for_choice, open_questions
from .scope import CHOICE_FACT
from .wording import for_day


def build(k: Knowledge, compiled: Compiled, facts: dict, day: dt.date, fired: list, derived: dict,
          flat: dict | None = None, explain: bool = False) -> dict:
    """Assemble the assessment from the `fired` variants (in firing order) and the derived values;
    without `explain`, it has no `explanation` (a sixth of the cost). Its texts are in `day`'s words."""
    k = for_day(k, day)
    prep = prepare(k, compiled)
    chosen = facts.get(CHOICE_FACT)
    if flat is None:
        flat = engine_fact(facts, day)
    c = conclude(k, prep, fired, chosen)
    per_model, open_list = _open(k, prep, flat, day)
    models = c.models   # made for this call: the open questions go last in each
    for m in models:
        m["open_questions"] = per_model[m["id"]]
    priorities = facts.get("priorities")  # re-scores only when given: otherwise as concluded
    models, decision, checklist = _decided(k, prep, c, facts, flat, day, fired, models)
    label = contract_year_label(day)
    population = facts.get("population")
    funded = c.status in FUNDED_STATUSES
    funding = estimate(k, population, day, label, funded, facts)
    funding["printed"] = printed_notes(prep.disputes, funding, population, label)
    result = {
        "rules_version": k.rules_version,
        "as_of": day.isoformat(),
        "contract_year": label,
        "facts": facts,
        "eligibility": {"status": c.status, "reasons": c.reasons},
        "flags": c.flags,
        "models": models,
        "recommended_model": decision["model"],
        "decision": decision,
        "funding": funding,
        "duties": duties(k, population, day, label, funded, facts),
        "checklist": checklist,
        "open_questions": open_list,
        "derived": c.derived,
        "explanation": entries(c.events, flat, derived) if explain else None,
        "near_misses": near_misses(k, flat, derived, day, c.status),
        "coverage": coverage(k, day),
        "ranking": ranking_block(k, priorities, population, day),
        "disagreements": shown(k, prep.disputes, c.disputed, funding, facts, flat, day),
    }
    if not explain:
        del result["explanation"]
    return result


def decided(k: Knowledge, compiled: Compiled, facts: dict, fired: list) -> dict:
    """Only what decides: the eligibility status and the models ranked (re-ranked by any priorities),
    shaped as in an assessment, with the (rule id, model) pairs that fired. What a goal-driven
    interview compares many times a step, without the rest of an assessment."""
    day = parse_date(facts["as_of"])
    k = for_day(k, day)
    prep = prepare(k, compiled)
    chosen = facts.get(CHOICE_FACT)
    c = conclude(k, prep, fired, chosen)
    models, decision, _ = _decided(k, prep, c, facts, engine_fact(facts, day), day, fired, c.models, False)
    actions = compiled.actions
    return {"facts": facts, "eligibility": {"status": c.status},
            "models": [{"id": m["id"], "score": m["score"], "rating": m["rating"], "rank": m["rank"]} for m in models],
            "recommended_model": decision["model"], "decision": decision,
            "fired": {(actions[v].rule_id, actions[v].model) for v in fired}}


def _decided(k: Knowledge, prep: Prepared, c, facts: dict, flat: dict, day: dt.date, fired: list, models: list,
             checklist: bool = True) -> tuple[list, dict, list | None]:
    """(models re-scored by any priorities and ordered by the decision, the `decision` block, the
    checklist for the advised or chosen model: the concluded one unless that changed)."""
    models = rerank(k, prep, fired, models, facts.get("priorities"))
    models, decision = decide(k, prep, facts, flat, day, fired, models)
    if not checklist:
        return models, decision, None
    return models, decision, checklist_for(c.events, decision["model"])


def summary(result: dict) -> dict:
    """What a store indexes an assessment by."""
    return {"rules_version": result["rules_version"], "contract_year": result["contract_year"],
            "eligibility": result["eligibility"]["status"], "recommended_model": result["recommended_model"]}


def _open(k: Knowledge, prep: Prepared, flat: dict, day: dt.date) -> tuple:
    """({model: [open question ids]}, [open-questions entries])."""
    found = open_questions(k, flat, day)
    per_model: dict = {m: [] for m in prep.model_order}
    for q, affects in found:
        for m in affects:
            per_model[m].append(q)
    chosen = flat.get(CHOICE_FACT)
    shown = k.memo.daily(("open_question_entries", chosen), day, lambda: _entries(k, day, chosen))
    return per_model, [shown[q] for q, _affects in found]


def _entries(k: Knowledge, day: dt.date, chosen) -> dict:
    """{question: its open-questions entry} for the questions in use on `day`, naming the models its
    answer could change (once a model is chosen, only it counts)."""
    return {qid: {"id": qid, "prompt": k.questions[qid]["prompt"], "affects": list(affects)}
            for qid, affects, _ask_when in for_choice(k, day, chosen)}
