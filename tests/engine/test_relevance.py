"""Relevance: one definition of which open questions count, and what each could still decide."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.facts import engine_fact
from engine.relevance import BLOCKER, ELIGIBILITY, RANKING, deciding, index, open_questions

DAY = dt.date(2020, 6, 1)


def _flat(pcn_engine, facts):
    clean = pcn_engine.check({"as_of": DAY.isoformat(), **facts})
    return engine_fact(clean, DAY)


def _eligibility_reads(k) -> set:
    """Every question a rule concluding eligibility reads (directly or through a built-in fact)."""
    idx = index(k)
    return {q for r in k.rules if r["then"].get("eligibility") for q in idx.reads(r)}


def test_population_decides_eligibility_while_unknown(pcn_engine):
    found = deciding(pcn_engine.knowledge, _flat(pcn_engine, {}), DAY)
    assert ELIGIBILITY in found["population"]
    assert set().union(*found.values()) <= {ELIGIBILITY, BLOCKER, RANKING}


def test_population_is_not_deciding_once_it_and_all_eligibility_reads_are_known(pcn_engine):
    k = pcn_engine.knowledge
    reads = _eligibility_reads(k)
    assert "population" in reads
    facts = {"population": 42000}
    for q in reads:
        spec = k.questions[q]
        if q not in facts and spec["type"] == "boolean":
            facts[q] = True
        elif q not in facts and spec["type"] == "choice":
            facts[q] = spec["choices"][0]["value"]
    flat = _flat(pcn_engine, facts)
    found = deciding(k, flat, DAY)
    assert "population" not in found
    assert not any(ELIGIBILITY in kinds for q, kinds in found.items() if q in reads)


def test_a_question_answered_not_sure_is_not_deciding(pcn_engine):
    k = pcn_engine.knowledge
    flat = _flat(pcn_engine, {})
    assert "population" not in deciding(k, flat, DAY, frozenset({"population"}))


def test_deciding_questions_are_unanswered_and_read_by_a_rule(pcn_engine):
    k = pcn_engine.knowledge
    idx = index(k)
    for facts in ({}, {"population": 25000}, {"population": 42000, "operating_model": "federation"}):
        flat = _flat(pcn_engine, facts)
        found = deciding(k, flat, DAY)
        assert found
        for q in found:
            assert q not in flat and any(q in idx.reads(r) for r in k.rules), q


def test_once_a_model_is_chosen_questions_only_about_other_models_stop_deciding(pcn_engine):
    k = pcn_engine.knowledge
    open_ = _flat(pcn_engine, {"population": 42000})
    chosen = _flat(pcn_engine, {"population": 42000, "operating_model": "federation"})
    # questions the rules in force read only for other models (worked out apart from `deciding`)
    others = {q for q, affects in open_questions(k, open_, DAY) if affects and "federation" not in affects}
    assert others & set(deciding(k, open_, DAY))
    assert not others & set(deciding(k, chosen, DAY))


@pytest.mark.parametrize("facts", [{}, {"population": 42000}, {"operating_model": "lead_provider"}])
def test_the_api_block_lists_only_unanswered_questions_read_by_rules_in_force(pcn_engine, facts):
    k = pcn_engine.knowledge
    flat = _flat(pcn_engine, facts)
    for qid, affects in open_questions(k, flat, DAY):
        assert qid not in flat and affects
        assert any(qid in index(k).reads(r) for r in k.rules)
        if "operating_model" in facts:
            assert affects == (facts["operating_model"],)
