"""Conclusions reused across assessments: shared where the rules concluded the same, never the figures."""
from __future__ import annotations

import orjson

from engine import cache


def _encoded_matches_objects(engine, facts):
    summary, body = engine.assess_json(dict(facts))
    assert body == orjson.dumps(engine.assess(dict(facts)))
    return orjson.loads(body)


def test_networks_reaching_the_same_conclusions_keep_their_own_figures(pcn_engine):
    first = _encoded_matches_objects(pcn_engine, {"population": 42000, "as_of": "2019-07-01"})
    stored = len(cache.CONCLUSIONS)
    second = _encoded_matches_objects(pcn_engine, {"population": 44500, "as_of": "2019-07-01"})
    assert len(cache.CONCLUSIONS) == stored  # the same rules fired: their conclusions were reused
    assert first["models"] == second["models"] and first["flags"] == second["flags"]
    assert first["funding"]["network_payment"] < second["funding"]["network_payment"]
    read = [e["matched"]["population"] for e in second["explanation"] if "population" in e["matched"]]
    assert read and set(read) == {44500}


def test_a_chosen_model_is_part_of_what_is_reused(pcn_engine):
    base = {"population": 42000, "as_of": "2021-06-01"}
    open_choice = _encoded_matches_objects(pcn_engine, base)
    chosen = _encoded_matches_objects(pcn_engine, {**base, "operating_model": "super_practice"})
    assert [m["chosen"] for m in open_choice["models"]].count(True) == 0
    assert [m["id"] for m in chosen["models"] if m["chosen"]] == ["super_practice"]


def test_the_store_of_conclusions_is_bounded(pcn_engine, monkeypatch):
    monkeypatch.setattr(cache.CONCLUSIONS, "maxsize", 3)
    cache.CONCLUSIONS.clear()
    for population in (12000, 29000, 42000, 75000):
        for day in ("2019-07-01", "2020-04-01", "2021-06-01"):
            _encoded_matches_objects(pcn_engine, {"population": population, "as_of": day,
                                                  "exceptional_circumstances": population < 30000})
            assert len(cache.CONCLUSIONS) <= 3


def test_the_store_of_open_questions_is_bounded(pcn_engine, monkeypatch):
    monkeypatch.setattr(cache.OPEN, "maxsize", 2)
    cache.OPEN.clear()
    for answered in ({}, {"network_agreement_signed": True}, {"vat_advice_taken": False}, {"federation_remote": True}):
        _encoded_matches_objects(pcn_engine, {"population": 42000, "as_of": "2021-06-01", **answered})
        assert len(cache.OPEN) <= 2
