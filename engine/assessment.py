"""An assessment: what the fired rules conclude, assembled into the JSON contract.

Input is the list of fired rule variants and the derived values; output is eligibility, flags,
the five models compared and ranked, funding, checklist, open questions and the explanation of
every rule that fired. The conclusions come from `conclusions` (fact-independent, prepared per
variant); this module adds what depends on the facts' values: each explanation's matched facts,
the open questions and the funding.

There is one builder, `build`. With `encoded` its fixed parts (a flag, a reason, an explanation
entry, a checklist item, the open questions) are `orjson.Fragment`s taken from `engine.cache`, so
`orjson.dumps` of the result writes them as they are, byte for byte what encoding the objects
gives, at a fraction of the cost; without it every part is a new plain object.
"""
from __future__ import annotations

import datetime as dt

from . import cache
from .compiler import Compiled
from .conclusions import FUNDED_STATUSES, concluded
from .coverage import coverage
from .dates import contract_year_label
from .disagreements import printed_notes, shown
from .explanation import entries
from .facts import engine_fact
from .funding import duties, estimate
from .knowledge import Knowledge
from .near_misses import near_misses
from .prepared import Prepared, fragment, prepare
from .ranking import ranking_block, rerank
from .relevance import asked, open_questions
from .wording import for_day


def build(k: Knowledge, compiled: Compiled, facts: dict, day: dt.date, fired: list, derived: dict,
          flat: dict | None = None, encoded: bool = False) -> dict:
    """Assemble the assessment from the `fired` variants (in firing order) and the derived values
    (with `encoded`, its fixed parts are shared JSON fragments: only for `orjson.dumps`)."""
    k = for_day(k, day)
    prep = prepare(k, compiled)
    chosen = facts.get("operating_model")
    if flat is None:
        flat = engine_fact(facts, day)
    c = concluded(k, prep, tuple(fired), chosen, encoded)
    per_model, open_list = _open(k, prep, flat, day, chosen, encoded)
    models = [dict(m, open_questions=per_model[m["id"]]) for m in c.models]
    priorities = facts.get("priorities")  # re-ranks only when given: otherwise as concluded
    models, recommended, checklist = rerank(k, prep, fired, chosen, models, c.recommended, c.checklist,
                                            c.checklist_hits, priorities, encoded)
    label = contract_year_label(day)
    population = facts.get("population")
    funded = c.status in FUNDED_STATUSES
    funding = estimate(k, population, day, label, funded)
    funding["printed"] = printed_notes(prep.disputes, funding, population, label)
    return {
        "rules_version": k.rules_version,
        "as_of": day.isoformat(),
        "contract_year": label,
        "facts": facts,
        "eligibility": {"status": c.status, "reasons": c.reasons},
        "flags": c.flags,
        "models": models,
        "recommended_model": recommended,
        "funding": funding,
        "duties": duties(k, population, day, label, funded),
        "checklist": checklist,
        "open_questions": open_list,
        "derived": c.derived,
        "explanation": entries(c.events, flat, derived, encoded),
        "near_misses": near_misses(k, flat, derived, day, c.status),
        "coverage": coverage(k, day),
        "ranking": ranking_block(k, priorities, population, day),
        "disagreements": shown(k, prep.disputes, c.disputed, funding, facts, flat, day, encoded),
    }


def decided(k: Knowledge, compiled: Compiled, facts: dict, fired: list) -> dict:
    """Only what decides: the eligibility status and the models ranked (re-ranked by any priorities),
    shaped as in an assessment, with the (rule id, model) pairs that fired. What a goal-driven
    interview compares many times a step, without the rest of an assessment."""
    prep = prepare(k, compiled)
    chosen = facts.get("operating_model")
    c = concluded(k, prep, tuple(fired), chosen, True)    # the shared, cached conclusions
    models, recommended, _ = rerank(k, prep, fired, chosen, c.models, c.recommended, c.checklist,
                                    c.checklist_hits, facts.get("priorities"), True)
    actions = compiled.actions
    return {"facts": facts, "eligibility": {"status": c.status},
            "models": [{"id": m["id"], "score": m["score"], "rating": m["rating"], "rank": m["rank"]} for m in models],
            "recommended_model": recommended,
            "fired": {(actions[v].rule_id, actions[v].model) for v in fired}}


def summary(result: dict) -> dict:
    """What a store indexes an assessment by."""
    return {"rules_version": result["rules_version"], "contract_year": result["contract_year"],
            "eligibility": result["eligibility"]["status"], "recommended_model": result["recommended_model"]}


def _open(k: Knowledge, prep: Prepared, flat: dict, day: dt.date, chosen: str | None, encoded: bool) -> tuple:
    """({model: [open question ids]}, [open-questions entries]); with `encoded`, fragments made once
    per (day, chosen model, facts known, ask_when outcomes), each entry once per (question, models)."""
    if not encoded:
        found = open_questions(k, flat, day)
        return _by_model(prep, found), [_question(k, q, affects) for q, affects in found]
    key = (prep, day, chosen, frozenset(flat), asked(k, flat, day))
    block = cache.OPEN.get(key)
    if block is None:
        found = open_questions(k, flat, day)
        listed = []
        for q, affects in found:
            piece = (prep, "question", q, affects)
            entry = cache.PIECES.get(piece)
            if entry is None:
                entry = cache.PIECES.put(piece, fragment(_question(k, q, affects)))
            listed.append(entry)
        block = cache.OPEN.put(key, ({m: fragment(qs) for m, qs in _by_model(prep, found).items()}, listed))
    return block


def _by_model(prep: Prepared, found: list) -> dict:
    """{model: [ids of the open questions whose answer could change it]}."""
    per_model: dict = {m: [] for m in prep.model_order}
    for q, affects in found:
        for m in affects:
            per_model[m].append(q)
    return per_model


def _question(k: Knowledge, qid: str, affects: tuple) -> dict:
    """An open-questions entry: the question, its prompt and the models its answer could change."""
    return {"id": qid, "prompt": k.questions[qid]["prompt"], "affects": list(affects)}
