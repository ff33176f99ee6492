"""An assessment: what the fired rules conclude, assembled into the JSON contract.

Input is the list of fired rule variants and the derived values; output is eligibility, flags,
the five models compared and ranked, funding, checklist, open questions and the explanation of
every rule that fired. The conclusions come from `conclusions` (fact-independent, prepared per
variant); this module adds what depends on the facts' values: each explanation's matched facts,
the open questions and the funding.

`build` makes the assessment as objects, or (`encoded=True`) directly as its JSON text: the same
decisions, with each fixed part (a flag, a reason, an explanation around its matched facts, a
checklist item) written from JSON prepared once. The text is byte for byte what encoding the
objects gives, at a fraction of the cost, for callers that only store and send it.
"""
from __future__ import annotations

import datetime as dt

import orjson

from .compiler import Compiled
from .conclusions import conclude, concluded
from .coverage import coverage
from .dates import contract_year_label
from .explanation import encoded as explained, entries
from .facts import engine_fact
from .funding import estimate
from .knowledge import Knowledge
from .near_misses import near_misses
from .open_questions import asked, open_questions as _open_questions
from .prepared import Prepared, fragment, prepare
from .ranking import ranking_block, rerank

#: Encoded open-questions blocks kept per knowledge base (about 2 KB each).
OPEN_LIMIT = 256


def build(k: Knowledge, compiled: Compiled, facts: dict, day: dt.date, fired: list, derived: dict,
          flat: dict | None = None, encoded: bool = False):
    """Assemble the assessment from the `fired` variants (in firing order) and the derived values.

    Returns the assessment, or with `encoded` (summary, JSON text): the summary holds what a store
    indexes (`rules_version`, `contract_year`, `eligibility` status, `recommended_model`).
    """
    prep = prepare(k, compiled)
    chosen = facts.get("operating_model")
    if flat is None:
        flat = engine_fact(facts, day)
    if encoded:  # the fact-independent parts made once per run of rules, then reused as JSON
        key = (tuple(fired), chosen)
        c = concluded(k, prep, key)
        explanation = explained(c.events, flat, derived)
        per_model, open_list = _open_encoded(k, prep, flat, day, chosen)
    else:
        c = conclude(k, prep, fired, chosen, encoded=False)
        explanation = entries(c.events, flat, derived)
        per_model, open_list = _open(k, prep, flat, day)
    models = [dict(m, open_questions=per_model[m["id"]]) for m in c.models]
    priorities = facts.get("priorities")  # re-ranks only when given: otherwise as concluded
    models, recommended, checklist = rerank(k, prep, fired, chosen, models, c.recommended, c.checklist,
                                            priorities, encoded)

    label = contract_year_label(day)
    funding = estimate(k, facts.get("population"), day, label, c.status in ("eligible", "needs_approval"))
    result = {
        "rules_version": k.rules_version,
        "as_of": day.isoformat(),
        "contract_year": label,
        "facts": facts,
        "eligibility": {"status": c.status, "reasons": c.reasons},
        "flags": c.flags,
        "models": models,
        "recommended_model": recommended,
        "funding": funding,
        "checklist": checklist,
        "open_questions": open_list,
        "derived": c.derived,
        "explanation": explanation,
        "near_misses": near_misses(k, flat, derived, day, c.status),
        "coverage": coverage(k, day),
        "ranking": ranking_block(k, priorities, facts.get("population"), day),
    }
    if not encoded:
        return result
    summary = {"rules_version": k.rules_version, "contract_year": label, "eligibility": c.status,
               "recommended_model": recommended}
    return summary, orjson.dumps(result)


def _open(k: Knowledge, prep: Prepared, flat: dict, day: dt.date) -> tuple[dict, list]:
    """({model: [open question ids]}, [open-questions entries])."""
    open_questions = _open_questions(k, prep.question_rules, flat, day)
    return _by_model(prep, open_questions), [_question(k, q, affects) for q, affects in open_questions]


def _open_encoded(k: Knowledge, prep: Prepared, flat: dict, day: dt.date, chosen: str | None) -> tuple[dict, list]:
    """`_open` as JSON fragments, made once per (day, chosen model, facts known, ask_when outcomes);
    each entry's fragment is made once per (question, models) and shared."""
    key = (day, chosen, frozenset(flat), asked(k, prep.question_rules, flat, day))
    found = prep.open_json.get(key)
    if found is None:
        open_questions = _open_questions(k, prep.question_rules, flat, day)
        listed = []
        for q, affects in open_questions:
            entry = prep.questions_json.get((q, affects))
            if entry is None:
                entry = prep.questions_json[(q, affects)] = fragment(_question(k, q, affects))
            listed.append(entry)
        if len(prep.open_json) >= OPEN_LIMIT:
            prep.open_json.clear()
        found = prep.open_json[key] = ({m: fragment(qs) for m, qs in _by_model(prep, open_questions).items()},
                                       listed)
    return found


def _by_model(prep: Prepared, open_questions: list) -> dict:
    """{model: [ids of the open questions whose answer could change it]}."""
    per_model: dict = {m: [] for m in prep.model_order}
    for q, affects in open_questions:
        for m in affects:
            per_model[m].append(q)
    return per_model


def _question(k: Knowledge, qid: str, affects: tuple) -> dict:
    """An open-questions entry: the question, its prompt and the models its answer could change."""
    return {"id": qid, "prompt": k.questions[qid]["prompt"], "affects": list(affects)}
