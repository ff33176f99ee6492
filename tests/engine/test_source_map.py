"""The source map: every unit of every source is accounted for, by ids that exist or a reason."""
from __future__ import annotations

import pytest

from engine import source_map
from engine.cli import main

TEXT = """Title

Funding

The network gets a payment.

- first item
- second item

Funding

Again under the same heading.
"""


def test_units_are_named_by_heading_and_position_and_recognise_their_text():
    found = source_map.units(TEXT)
    assert [u.at for u in found] == ["Funding #1", "Funding #2", "Funding #3", "Funding #4"]
    edited = source_map.units(TEXT.replace("a payment", "two payments"))
    assert found[0].fingerprint != edited[0].fingerprint
    assert [u.fingerprint for u in found[1:]] == [u.fingerprint for u in edited[1:]]


def test_a_unit_without_an_entry_or_with_a_bad_one_is_reported(pcn_engine):
    k = pcn_engine.knowledge
    found = source_map.units(TEXT)
    entries = [{"at": found[0].at, "fp": found[0].fingerprint, "ids": ["rule:no_such_rule"]},
               {"at": found[1].at, "fp": found[1].fingerprint, "not_encoded": "because"},
               {"at": found[2].at, "fp": found[2].fingerprint, "not_encoded": "background", "why": ""},
               {"at": "Funding #9", "fp": "0000000000", "not_encoded": "background", "why": "gone"}]
    cov = source_map.check(k, "x.txt", TEXT, entries)
    assert [u.at for u in cov.unaccounted] == ["Funding #4"]
    assert cov.unknown_ids == [("Funding #1", "rule:no_such_rule")]
    assert [at for at, _ in cov.bad_reasons] == ["Funding #2", "Funding #3"]
    assert [e["at"] for e in cov.stale] == ["Funding #9"]


def test_insight_entries_are_named_by_path_and_by_the_model_or_id_of_a_list_entry(pcn_engine):
    ids = source_map.known_ids(pcn_engine.knowledge)
    assert {"insight:ranking.survey.federation", "insight:ranking.survey.flat_network",
            "insight:ranking.priorities.avoid_vat", "insight:near_misses.margin"} <= ids
    assert "insight:ranking.survey.no_such_model" not in ids
    assert "insight:ranking.survey.0" not in ids


@pytest.fixture(scope="module")
def coverage(pcn_engine, sources):
    k = pcn_engine.knowledge
    return source_map.coverage(k, sources, k.directory)


def test_every_source_the_knowledge_cites_has_a_map(pcn_engine, coverage):
    assert {c.source for c in coverage} == set(pcn_engine.knowledge.sources)


def test_every_unit_of_every_source_is_accounted_for(coverage):
    missing = [f"{c.source}: {u.at} [{u.fingerprint}]" for c in coverage for u in c.unaccounted]
    assert missing == []


def test_every_map_entry_names_real_ids_and_real_units(coverage):
    assert [f"{c.source}: {at}: {i}" for c in coverage for at, i in c.unknown_ids] == []
    assert [f"{c.source}: {e.get('at')}" for c in coverage for e in c.stale] == []
    assert [f"{c.source}: {at}: {m}" for c in coverage for at, m in c.bad_reasons] == []


def test_the_coverage_command_reports_each_source(sources, capsys):
    status = main(["knowledge", "coverage", "--sources", str(sources)])
    out = capsys.readouterr().out
    assert "000_a67a7b468067886e.txt:" in out and "accounted" in out
    assert status == (0 if " 0/" not in out and "not accounted" not in out else 1)
