"""Near misses, coverage, the ranking block, priorities and what-if; insight.yaml is validated."""
from __future__ import annotations

import datetime as dt

import pytest

from engine import Engine
from engine.coverage import outside_sources
from engine.errors import FactsError, KnowledgeError
from engine.knowledge import load
from engine.what_if import compare
from tests.engine.knowledge_files import edit_yaml

DAY = "2019-07-01"


def _refused(kdir, field_part: str):
    with pytest.raises(KnowledgeError) as err:
        load(kdir)
    assert any(field_part in f"{p.get('id')} {p.get('field')} {p.get('message')}" for p in err.value.problems), \
        err.value.problems


def test_the_product_owners_examples(pcn_engine):
    a = pcn_engine.assess({"population": 28500, "as_of": DAY})
    assert a["near_misses"][0]["message"].startswith("1,500 short of 30,000; ")
    assert "exceptional circumstances" in a["near_misses"][0]["would_change"]
    b = pcn_engine.assess({"population": 96800, "as_of": DAY})
    step = next(n for n in b["near_misses"] if n["kind"] == "funding_step")
    assert step["message"].startswith("3,200 short of 100,000; ")
    assert "2 WTE each, not 1" in step["would_change"] and "£71,923" in step["would_change"]
    c = pcn_engine.assess({"population": 40000, "as_of": "2020-05-01", "other_health_body_signed": False})
    assert any(n["would_change"].startswith("with another health body signed up") for n in c["near_misses"])


def test_every_near_miss_has_the_documented_shape(pcn_engine):
    keys = {"kind", "status", "rule", "model", "fact", "value", "threshold", "gap", "would_change", "message",
            "citation"}
    for pop in (27000, 30000, 99000, 100500, 148000):
        for n in pcn_engine.assess({"population": pop, "as_of": DAY})["near_misses"]:
            assert set(n) == keys and n["citation"]["source"]


def test_coverage_block_and_the_dialogues_sentence(pcn_engine):
    a = pcn_engine.assess({"population": 40000, "as_of": "2030-01-01"})
    assert a["coverage"]["status"] == "beyond_sources"
    assert "carried forward" in a["coverage"]["message"]
    k = pcn_engine.knowledge
    assert outside_sources(k, dt.date(2019, 4, 1)) is None
    assert outside_sources(k, dt.date(2023, 6, 1)) is None
    assert "2019/20, 2020/21" in outside_sources(k, dt.date(2025, 6, 1))


def test_ranking_block_says_the_order_is_ours(pcn_engine):
    r = pcn_engine.assess({"population": 70000, "as_of": DAY})["ranking"]
    assert r["basis"] == "judgement" and "does not rank" in r["why"]
    assert r["weights"]["rating"] == pcn_engine.knowledge.insight["ranking"]["rating"]
    assert r["priorities"] == []
    assert {(s["model"], s["share"]) for s in r["survey"]} == {
        ("federation", 0.31), ("federation", 0.48), ("flat_network", 0.28), ("lead_provider", 0.20)}


def test_no_priorities_leaves_everything_as_it_was(pcn_engine):
    facts = {"population": 45000, "as_of": DAY, "practices_are_partnerships": True}
    plain = pcn_engine.assess(facts)
    empty = pcn_engine.assess(dict(facts, priorities=[]))
    for key in ("flags", "eligibility", "funding"):
        assert plain[key] == empty[key]
    # unsaid priorities could change the advice; an empty list says there are none, so the scores decide
    assert plain["decision"]["confidence"] == "depends" and "priorities" in plain["decision"]["depends_on"]
    assert empty["recommended_model"] == "flat_network" and "priorities" not in empty["decision"]["depends_on"]
    # the models are scored and judged the same: a list of priorities, even an empty one, answers the
    # three yes/no priority questions it covers
    covered = {"priority_limit_liability", "priority_nhs_pension", "priority_practice_control"}
    same = ("score", "rating", "reasons", "flags", "criteria", "applicable", "unmet_priorities")
    by_id = {m["id"]: m for m in empty["models"]}
    for before in plain["models"]:
        after = by_id[before["id"]]
        assert {k: before[k] for k in same} == {k: after[k] for k in same}
        assert set(before["open_questions"]) - set(after["open_questions"]) <= covered
    assert "priority_limit_liability" in plain["models"][0]["open_questions"]
    assert not covered & set(empty["models"][0]["open_questions"])
    assert all("priority_penalty" not in m for m in plain["models"])


def test_priorities_reweigh_flags_and_the_checklist_follows(pcn_engine):
    facts = {"population": 40000, "as_of": DAY, "priorities": ["limit_partner_liability"], "non_gp_partner_willing": True}
    a = pcn_engine.assess(facts)
    top = a["models"][0]
    assert a["recommended_model"] == top["id"] and top["recommended"]
    assert all(m["priority_penalty"]["points"] >= 0 for m in a["models"])
    assert [p["id"] for p in a["ranking"]["priorities"]] == ["limit_partner_liability"]
    assert all(c["model"] in (None, top["id"]) for c in a["checklist"])
    summary, _ = pcn_engine.assess_json(facts)
    assert summary["recommended_model"] == a["recommended_model"]


def test_bad_priorities_are_refused(pcn_engine):
    for bad in (["no_such_priority"], "avoid_vat", ["avoid_vat", "avoid_vat"]):
        with pytest.raises(FactsError):
            pcn_engine.assess({"population": 40000, "priorities": bad})


def test_compare_is_pure_and_reports_each_change(pcn_engine):
    before = pcn_engine.assess({"population": 96800, "as_of": DAY, "priorities": []})
    after = pcn_engine.assess({"population": 100000, "as_of": DAY, "priorities": []})
    snapshot = repr(before), repr(after)
    d = compare(before, after)
    assert (repr(before), repr(after)) == snapshot
    assert d["facts"] == {"population": {"before": 96800, "after": 100000}}
    assert d["eligibility"] == {"before": "eligible", "after": "eligible", "changed": False}
    # at 100,000 a super-practice would fit best if the network is one practice: the advice depends on it
    assert d["ranking"]["recommended"] == {"before": "flat_network", "after": None}
    assert after["decision"]["depends_on"] == ["practices"]
    assert ("workforce_roles_2019_large", None) in {(f["code"], f["model"]) for f in d["flags"]["added"]}
    assert ("workforce_roles_2019_standard", None) in {(f["code"], f["model"]) for f in d["flags"]["removed"]}
    assert d["funding"]["clinical_pharmacist"] == {"before": 37810, "after": 75620, "delta": 37810}
    assert any(n["kind"] == "funding_step" and n["status"] == "missed" for n in d["near_misses"]["removed"])
    assert d["coverage"]["changed"] is False


def test_compare_funding_unknown_on_one_side_has_no_delta(pcn_engine):
    d = compare(pcn_engine.assess({"population": 28000, "as_of": DAY, "exceptional_circumstances": False}),
                pcn_engine.assess({"population": 31000, "as_of": DAY}))
    assert d["eligibility"]["changed"] and d["funding"]["network_payment"]["delta"] is None
    assert d["funding"]["network_payment"]["after"] == 46500


def test_engine_what_if_reassesses_with_the_changes(pcn_engine):
    out = pcn_engine.what_if({"population": 40000, "as_of": "2021-01-01", "other_health_body_signed": False},
                             {"as_of": "2021-04-01"})
    assert out["diff"]["coverage"] == {"before": "covered", "after": "partly", "changed": True}
    assert out["before"]["facts"]["as_of"] == "2021-01-01"


@pytest.mark.parametrize("change, field_part", [
    (lambda d: d["ranking"]["priorities"][0].update(id="Not-Snake"), "snake_case"),
    (lambda d: d["ranking"]["priorities"][0].update(categories=["nonsense"]), "unknown flag category"),
    (lambda d: d["ranking"]["priorities"][1].pop("citation"), "citation"),
    (lambda d: d["ranking"]["survey"][0].update(model="no_model"), "unknown model"),
    (lambda d: d["ranking"]["survey"][1]["population_band"].update(gt={"param": "nope"}), "unknown parameter"),
    (lambda d: d["ranking"]["survey"][0]["citation"].update(source="nowhere.txt"), "unknown source"),
    (lambda d: d["coverage"]["covered"][0].pop("citation"), "citation"),
    (lambda d: d["near_misses"].update(margin=2), "fraction"),
    (lambda d: d["near_misses"].pop("basis"), "judgement"),
    (lambda d: d["ranking"].update(rating={"good": 2}), "score bands"),
    (lambda d: d["ranking"]["priorities"].pop(), "priorities"),  # the question's choices no longer match
    (lambda d: d.pop("coverage"), "needs mappings"),
])
def test_a_broken_insight_file_is_refused(kdir, change, field_part):
    edit_yaml(kdir / "insight.yaml", change)
    _refused(kdir, field_part)


def test_a_rule_near_miss_phrase_must_be_text(kdir):
    edit_yaml(kdir / "rules/eligibility.yaml", lambda d: d["rules"][1].update(near_miss=""))
    _refused(kdir, "near_miss")


def test_the_shipped_insight_file_loads(kdir):
    assert Engine(load(kdir)).assess({"population": 40000, "as_of": DAY})["coverage"]["status"] == "covered"


def test_insight_citations_name_headings_in_their_sources(pcn_engine, sources):
    ins = pcn_engine.knowledge.insight
    cits = [y["citation"] for part in ("covered", "partly") for y in ins["coverage"][part]]
    cits += [p["citation"] for p in ins["ranking"]["priorities"]] + [s["citation"] for s in ins["ranking"]["survey"]]
    for cit in cits:
        lines = [ln.strip() for ln in (sources / cit["source"]).read_text(encoding="utf-8").splitlines()]
        assert cit["section"] in lines, cit
