"""What each conclusion rests on (`basis`) and the sources' disagreements, as the engine gives them."""
from __future__ import annotations

import orjson
import pytest

from engine import Engine
from engine.errors import KnowledgeError
from engine.knowledge import load
from tests.engine.knowledge_files import edit_yaml


def _problems(kdir) -> list[tuple]:
    with pytest.raises(KnowledgeError) as info:
        load(kdir)
    return [(p["file"], p["id"], p["field"]) for p in info.value.problems]


def test_the_loader_fills_in_source_for_rules_and_judgement_for_fit_scores(pcn_engine):
    k = pcn_engine.knowledge
    assert k.rule("population_within_range")["basis"] == "source"
    assert k.rule("cd_large_network_support")["basis"] == "judgement"
    assert k.rule("federation_pension_access_risk")["then"]["fit"]["basis"] == "judgement"
    assert {r["basis"] for r in k.triage["rules"]} <= {"source", "judgement"}
    assert {s["basis"] for s in k.funding} == {"derived"}


def test_every_part_of_an_assessment_says_its_basis(pcn_engine):
    a = pcn_engine.assess({"population": 28000, "exceptional_circumstances": True, "as_of": "2019-07-01"}, explain=True)
    parts = a["eligibility"]["reasons"] + a["flags"] + a["explanation"] + \
        [r for m in a["models"] for r in m["reasons"]]
    assert parts and all(p["basis"] in ("source", "derived", "judgement") for p in parts)
    assert all(r["basis"] == "judgement" for m in a["models"] for r in m["reasons"])
    sub30 = next(f for f in a["flags"] if f["code"] == "population_below_minimum_exceptional")
    assert sub30["basis"] == "judgement"     # the LMC advice is ours, not the handbook's
    reason = next(r for r in a["eligibility"]["reasons"] if r["rule"] == "population_below_minimum_exceptional")
    assert reason["basis"] == "source"       # the approval rule itself is the handbook's
    assert set(a["funding"]["basis"].values()) == {"derived"} and "total" in a["funding"]["basis"]
    assert a["ranking"]["basis"] == "judgement"


def test_the_encoded_assessment_is_byte_for_byte_the_plain_one(pcn_engine):
    facts = {"population": 100000, "cd_background": "external", "as_of": "2019-07-01"}
    plain = pcn_engine.assess(facts, explain=True)
    _, body = pcn_engine.assess_json(facts)
    encoded = orjson.loads(body)
    assert encoded["disagreements"] == plain["disagreements"] and encoded["funding"] == plain["funding"]
    assert encoded["flags"] == plain["flags"] and encoded["explanation"] == plain["explanation"]
    assert "funding_examples_100k_clinical_director" in [d["id"] for d in plain["disagreements"]]


def test_a_disagreement_names_each_source_what_it_says_and_our_reading(pcn_engine):
    a = pcn_engine.assess({"population": 100000, "as_of": "2019-07-01"})
    d = next(x for x in a["disagreements"] if x["id"] == "roles_double_at_exactly_100k")
    assert d["topic"] == "workforce" and len(d["sources"]) == 2
    assert all(s["citation"]["source"].endswith(".txt") and s["says"] for s in d["sources"])
    assert "table" in d["we_follow"] and d["why"]


def test_a_bad_basis_is_named_by_file_rule_and_field(kdir):
    edit_yaml(kdir / "rules" / "eligibility.yaml", lambda d: d["rules"][0].update(basis="hunch"))
    edit_yaml(kdir / "rules" / "models_federation.yaml", lambda d: d["rules"][2]["then"]["fit"].update(basis="guess"))
    problems = _problems(kdir)
    assert ("rules/eligibility.yaml", "population_unknown", "basis") in problems
    assert ("rules/models_federation.yaml", "federation_liability_priority_fit", "then.fit.basis") in problems


def test_a_disagreement_must_name_what_it_affects_and_what_each_source_says(kdir):
    def corrupt(d):
        by_id = {x["id"]: x for x in d["disagreements"]}
        by_id["funding_examples_30k_total"]["affects"] = ["rule:no_such_rule", "funding:network_payment"]
        by_id["funding_examples_50k_clinical_director"]["sources"][0].pop("says")
        by_id["funding_examples_100k_clinical_director"].pop("we_follow")
    edit_yaml(kdir / "disagreements.yaml", corrupt)
    problems = _problems(kdir)
    assert ("disagreements.yaml", "funding_examples_30k_total", "affects[0]") in problems
    assert ("disagreements.yaml", "funding_examples_50k_clinical_director", "sources[0].says") in problems
    assert ("disagreements.yaml", "funding_examples_100k_clinical_director", "we_follow") in problems
    assert not any(p[2] == "affects[1]" for p in problems)


def test_a_disputed_rule_shows_its_disagreement_only_when_it_fires(kdir):
    k = load(kdir)
    eng = Engine(k)
    before = eng.assess({"population": 42000, "as_of": "2019-07-01"})
    after = eng.assess({"population": 42000, "as_of": "2019-07-01", "cd_background": "external"})
    assert "clinical_director_from_network_gps" not in [d["id"] for d in before["disagreements"]]
    assert "clinical_director_from_network_gps" in [d["id"] for d in after["disagreements"]]
