"""What-if as a comparison: a headline first (the advice before and after, how sure, criteria better
or worse), then details without duplicates, double negatives or raw values."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from core.outline.changes import changes
from engine.what_if import compare

E = engine.default_engine()
K = E.knowledge
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b")     # a snake_case id shown as it is stored
BASE = {"population": 42000, "as_of": "2019-07-01"}


def _all_items(c: dict) -> list[dict]:
    return c["summary"] + [it for s in c["sections"] for it in s["items"]]


def test_choosing_a_model_heads_with_the_advice_before_and_after():
    c = changes(E.what_if(BASE, {"operating_model": "federation"})["diff"], K)
    assert c["headline"].startswith("The advice changes:") and "→ GP federation / provider entity" in c["headline"]
    assert c["summary"] and c["summary"][0]["text"].startswith("How sure:")
    assert [s["id"] for s in c["sections"]][0] == "answers"


def test_a_criterion_that_moves_for_the_advised_model_is_in_the_headline_as_better_or_worse():
    facts = dict(BASE, operating_model="federation")
    diff = E.what_if(facts, {"provider_holds_nhs_contract": True})["diff"]
    moved = [c for c in diff["criteria"] if c["model"] == "federation" and c["criterion"] == "pension"]
    assert moved and moved[0]["direction"] == "better"
    c = changes(diff, K)
    line = next(it for it in c["summary"] if it["text"].startswith("GP federation / provider entity, NHS pension: not known"))
    assert line["status"] == "better" and "→ good" in line["text"]


def test_a_date_beyond_the_sources_says_so_in_words():
    c = changes(E.what_if(BASE, {"as_of": "2026-12-03"})["diff"], K)
    dates = next(s for s in c["sections"] if s["id"] == "dates")
    assert dates["items"][0]["text"] == ("The date was inside the years the sources cover; now it is beyond the years "
                                         "the sources cover.")


def test_the_same_checklist_item_is_never_both_added_and_taken_off():
    before = E.assess(BASE)
    after = {**before, "checklist": [dict(i, model="flat_network") for i in before["checklist"]]}
    d = compare(before, after)
    assert d["checklist"] == {"added": [], "removed": []}


FACT_CHANGES = st.fixed_dictionaries({}, optional={
    "operating_model": st.sampled_from(list(K.models)),
    "population": st.integers(5000, 130000),
    "as_of": st.sampled_from(["2019-07-01", "2020-04-01", "2021-06-01", "2026-12-03"]),
    "provider_holds_nhs_contract": st.booleans(),
    "practices_are_partnerships": st.booleans(),
    "priorities": st.lists(st.sampled_from([c["value"] for c in K.questions["priorities"]["choices"]]), unique=True),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=FACT_CHANGES, change=FACT_CHANGES)
def test_any_comparison_says_each_point_once_in_words_without_double_negatives(before, change):
    c = changes(E.what_if(dict(BASE, **before), change)["diff"], K)
    texts = [it["text"] for it in _all_items(c)]
    assert len(texts) == len(set(texts))                                   # nothing said twice
    ids = {*K.models, *K.checklist, "beyond_sources", "needs_approval", "not_eligible"}
    for it in _all_items(c):
        line = " ".join(filter(None, [it.get("label"), it["text"]]))
        assert not re.match(r"(No longer|Gone)\b.*?:\s*[\"“]?No\b", line), line   # no "No longer …: No …"
        assert not ({w for w in RAW.findall(line)} & ids), line              # no raw ids or statuses
    assert c["headline"].startswith("The advice ")
