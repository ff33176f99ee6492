"""Dated wording: `{term}` placeholders are filled in for the assessment's day, and checked."""
from __future__ import annotations

import datetime as dt

import pytest

from engine import Engine
from engine.errors import KnowledgeError
from engine.knowledge import load
from engine.wording import for_day, say, terms
from tests.engine.knowledge_files import edit_yaml


def test_the_commissioner_is_the_ccg_until_30_june_2022_and_the_icb_from_1_july(pcn_engine):
    k = pcn_engine.knowledge
    assert dict(terms(k, dt.date(2022, 6, 30)))["commissioner"] == "CCG"
    assert dict(terms(k, dt.date(2022, 7, 1)))["commissioner"] == "ICB"
    assert dict(terms(k, dt.date(2026, 12, 7)))["commissioner_name"] == "integrated care board (ICB)"


def test_texts_are_in_the_days_words_and_the_rules_stay_the_same(pcn_engine):
    k = pcn_engine.knowledge
    before, after = for_day(k, dt.date(2022, 6, 30)), for_day(k, dt.date(2022, 7, 1))
    item = "set_up_monthly_claims"
    assert "{commissioner}" in k.checklist[item]["text"]
    assert "CCG" in before.checklist[item]["text"] and "ICB" in after.checklist[item]["text"]
    assert after.rules_version == k.rules_version and [r["id"] for r in after.rules] == [r["id"] for r in k.rules]
    assert for_day(k, dt.date(2023, 1, 1)) is after        # made once per set of words


def test_only_known_terms_are_replaced():
    assert say("ask the {commissioner}, not {someone}", {"commissioner": "ICB"}) == "ask the ICB, not {someone}"


def test_an_unknown_placeholder_is_refused_naming_file_id_and_field(kdir):
    def change(doc):
        doc["items"][0]["text"] = "Send the form to the {comissioner}."
    edit_yaml(kdir / "checklist.yaml", change)
    with pytest.raises(KnowledgeError) as err:
        load(kdir)
    problem = next(p for p in err.value.problems if "placeholder" in p["message"])
    assert problem["file"] == "checklist.yaml" and problem["field"] == "text" and "{comissioner}" in problem["message"]


def test_a_term_without_a_word_is_refused(kdir):
    def change(doc):
        doc["terms"][0]["values"][1]["value"] = 3
    edit_yaml(kdir / "terms.yaml", change)
    with pytest.raises(KnowledgeError, match="a term's value must be the word"):
        load(kdir)


def test_the_coverage_warning_beyond_the_sources_names_what_to_check_with_the_icb(pcn_engine):
    today = pcn_engine.assess({"population": 40000, "as_of": "2026-12-07"})["coverage"]
    assert today["warning"].startswith("2026/27 is beyond the years the handbook covers in full")
    assert "Check with your ICB or LMC" in today["warning"]
    assert pcn_engine.assess({"population": 40000, "as_of": "2020-06-01"})["coverage"]["warning"] is None


def test_a_fresh_engine_gives_the_same_wording(pcn_engine):
    """Worded knowledge is keyed by the knowledge base itself: another engine on the same files agrees."""
    facts = {"population": 25000, "exceptional_circumstances": True, "as_of": "2022-07-01"}
    assert Engine(pcn_engine.knowledge).assess(facts)["checklist"] == pcn_engine.assess(facts)["checklist"]
