"""Prepared conclusions belong to the compiled rules they were made from."""
from __future__ import annotations

from engine.compiler import compile_knowledge
from engine.prepared import prepare


def test_each_compilation_has_its_own_prepared_data_made_once(pcn_engine):
    k = pcn_engine.knowledge
    first = prepare(k, pcn_engine.compiled)
    assert prepare(k, pcn_engine.compiled) is first
    other = compile_knowledge(k)
    assert prepare(k, other) is not first
    assert set(prepare(k, other).events) == set(first.events) == set(pcn_engine.compiled.actions)


def test_every_flag_and_explanation_is_prepared_with_its_citation(pcn_engine):
    for variant, event in prepare(pcn_engine.knowledge, pcn_engine.compiled).events.items():
        assert event.explanation["citation"], variant
        if event.flag:
            assert event.flag["citation"] == event.explanation["citation"], variant
