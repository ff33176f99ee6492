"""Prepared conclusions belong to the knowledge base and compiled rules they were made from."""
from __future__ import annotations

from engine.compiler import CHECKLIST_PREFIX, compile_knowledge
from engine.prepared import prepare


def test_each_compilation_has_its_own_prepared_data_made_once(pcn_engine):
    k = pcn_engine.knowledge
    first = prepare(k, pcn_engine.compiled)
    assert prepare(k, pcn_engine.compiled) is first
    other = compile_knowledge(k)
    assert prepare(k, other) is not first
    assert set(prepare(k, other).events) == set(first.events) == set(pcn_engine.compiled.actions)


def test_every_flag_and_explanation_is_prepared_with_its_rules_citation(pcn_engine):
    k = pcn_engine.knowledge
    for variant, event in prepare(k, pcn_engine.compiled).events.items():
        action = pcn_engine.compiled.actions[variant]
        # the citation of the rule (or checklist item) in the knowledge files, looked up independently
        if action.rule_id.startswith(CHECKLIST_PREFIX):
            source = k.checklist[action.rule_id[len(CHECKLIST_PREFIX):]]["citation"]
        else:
            source = next(r for r in k.rules if r["id"] == action.rule_id)["citation"]
        assert source and event.explanation["citation"] == source, variant
        assert event.explanation_fixed["citation"] == source, variant
        if event.flag:
            assert event.flag["citation"] == source, variant


def test_prepared_data_does_not_grow_with_assessments(pcn_engine):
    prep = prepare(pcn_engine.knowledge, pcn_engine.compiled)
    sizes = {name: len(value) for name, value in vars(prep).items() if isinstance(value, dict)}
    for population in (12000, 31234, 75000):
        pcn_engine.assess_json({"population": population, "as_of": "2020-05-05", "operating_model": "federation"})
    assert sizes == {name: len(value) for name, value in vars(prep).items() if isinstance(value, dict)}
