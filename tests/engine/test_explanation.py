"""The explanation: each fired rule with the facts it read, fixed text reused without losing a value."""
from __future__ import annotations

import orjson

FACT_SETS = [
    {"population": 42000, "as_of": "2021-06-01"},
    {"population": 42000, "as_of": "2021-06-01", "network_agreement_signed": True},
    {"population": 42000, "as_of": "2021-06-01", "network_agreement_signed": False},
    {"population": 23000, "as_of": "2019-07-01", "exceptional_circumstances": True},
    {"population": 61000, "as_of": "2020-04-01", "operating_model": "lead_provider", "vat_advice_taken": False},
]


def test_every_entry_shows_this_assessments_answers_whatever_was_assessed_before(pcn_engine):
    for _round in range(2):  # the second round reuses what the first one encoded
        for facts in FACT_SETS:
            body = pcn_engine.assess_json(dict(facts))[1]
            assert body == orjson.dumps(pcn_engine.assess(dict(facts), explain=True))
            for entry in orjson.loads(body)["explanation"]:
                for name, value in entry["matched"].items():
                    if name in facts:
                        assert value == facts[name], (entry["rule"], name)


def test_an_entry_with_nothing_known_names_only_its_model(pcn_engine):
    entries = orjson.loads(pcn_engine.assess_json({"population": 42000, "as_of": "2021-06-01"})[1])["explanation"]
    fixed = [e for e in entries if "population" not in e["matched"]]
    assert fixed
    assert all(e["matched"] == ({"model": e["model"]} if e["model"] else {}) for e in fixed)


def test_the_explanation_is_built_only_when_asked_for(pcn_engine):
    facts = {"population": 42000, "as_of": "2021-06-01"}
    plain, explained = pcn_engine.assess(dict(facts)), pcn_engine.assess(dict(facts), explain=True)
    assert "explanation" not in plain and explained["explanation"]
    assert {k: v for k, v in explained.items() if k != "explanation"} == plain
    stored = orjson.loads(pcn_engine.assess_json(dict(facts))[1])   # what the API stores and sends
    assert stored["explanation"] == explained["explanation"]
