"""Triage priority rules: YAML scenarios, bad case facts, and every rule exercised."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from engine.errors import FactsError
from engine.triage import Triage, days_to_next_contract_year

SCENARIOS = yaml.safe_load((Path(__file__).parents[1] / "scenarios" / "triage.yaml").read_text())["triage_scenarios"]


@pytest.fixture(scope="module")
def triage(pcn_engine):
    return Triage(pcn_engine.knowledge)


@pytest.mark.parametrize("sc", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_triage_scenario(triage, sc):
    out = triage.prioritise(sc["case"])
    exp = sc["expected"]
    fired = {r["rule"] for r in out["reasons"]}
    assert out["priority"] == exp["priority"], out
    if "topic" in exp:
        assert out["topic"] == exp["topic"], out
    assert set(exp.get("rules", [])) <= fired
    assert not set(exp.get("no_rules", [])) & fired
    assert all(r["citation"]["source"] and r["text"] for r in out["reasons"])


def test_every_triage_rule_fires_in_some_scenario(triage):
    fired = {r["rule"] for sc in SCENARIOS for r in triage.prioritise(sc["case"])["reasons"]}
    assert set(triage.rules) - fired == set()


def test_bad_case_facts_name_the_field(triage):
    with pytest.raises(FactsError) as info:
        triage.prioritise({"flag_severity": 3, "mood": "grumpy", "days_to_next_contract_year": True})
    assert set(info.value.errors) == {"flag_severity", "mood", "days_to_next_contract_year"}


def test_days_to_next_contract_year_counts_to_1_april():
    assert days_to_next_contract_year(dt.date(2020, 3, 31)) == 1
    assert days_to_next_contract_year(dt.date(2020, 4, 1)) == 365
    assert days_to_next_contract_year(dt.date(2020, 2, 1)) == 60


def test_a_priority_is_this_tools_judgement_and_says_so(triage):
    out = triage.prioritise({"requested_by_user": True})
    reason = next(r for r in out["reasons"] if r["rule"] == "triage_user_request")
    assert reason["basis"] == "judgement" and out["priority"] == "normal"
    topic_only = triage.prioritise({"flag_category": "geography", "flag_severity": "warning"})["reasons"]
    assert {r["basis"] for r in topic_only if r["rule"] == "triage_topic_eligibility"} == {"source"}
