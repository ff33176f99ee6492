"""Conclusions shared across assessments: the same prepared parts where the rules concluded the same,
never the figures, and the JSON text always the assessment itself."""
from __future__ import annotations

import orjson


def _assessed(engine, facts):
    summary, body = engine.assess_json(dict(facts))
    assert body == orjson.dumps(engine.assess(dict(facts), explain=True))
    return orjson.loads(body)


def test_networks_reaching_the_same_conclusions_keep_their_own_figures(pcn_engine):
    first = _assessed(pcn_engine, {"population": 42000, "as_of": "2019-07-01"})
    second = _assessed(pcn_engine, {"population": 44500, "as_of": "2019-07-01"})
    assert first["models"] == second["models"] and first["flags"] == second["flags"]
    assert first["funding"]["network_payment"] < second["funding"]["network_payment"]
    read = [e["matched"]["population"] for e in second["explanation"] if "population" in e["matched"]]
    assert read and set(read) == {44500}


def test_a_chosen_model_changes_what_is_concluded(pcn_engine):
    base = {"population": 42000, "as_of": "2021-06-01"}
    open_choice = _assessed(pcn_engine, base)
    chosen = _assessed(pcn_engine, {**base, "operating_model": "super_practice"})
    assert [m["chosen"] for m in open_choice["models"]].count(True) == 0
    assert [m["id"] for m in chosen["models"] if m["chosen"]] == ["super_practice"]


def test_one_assessment_changed_by_its_caller_leaves_the_next_one_as_it_was(pcn_engine):
    facts = {"population": 42000, "as_of": "2021-06-01", "operating_model": "federation"}
    want = orjson.dumps(pcn_engine.assess(dict(facts), explain=True))
    mine = pcn_engine.assess(dict(facts), explain=True)
    mine["models"][0]["score"] = -99               # made for this call
    mine["models"][0]["open_questions"].append("x")
    mine["funding"]["total"] = 0
    mine["explanation"].clear()
    assert orjson.dumps(pcn_engine.assess(dict(facts), explain=True)) == want
