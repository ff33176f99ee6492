"""The decision over random networks: scores add up, and the advice keeps the decision's rules."""
from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.criteria import plan
from engine.decision import stated_priorities
from engine.prepared import prepare
from tests.engine.test_properties import facts_strategy

MULTI = {"flat_network", "lead_provider", "federation", "non_gp_provider"}


def networks(k):
    """Random answers (as test_properties), with a practice list of one to four sometimes, and priorities."""
    practices = st.lists(st.fixed_dictionaries({"name": st.just("P"), "ods_code": st.none(),
                                                "list_size": st.integers(5000, 60000)}), min_size=1, max_size=4)
    choices = [c["value"] for c in k.questions["priorities"]["choices"]]
    extra = st.fixed_dictionaries({}, optional={"practices": practices,
                                                "priorities": st.lists(st.sampled_from(choices), unique=True)})
    return st.tuples(facts_strategy(k), extra).map(lambda t: {**{q: v for q, v in t[0].items()
                                                                  if not ("practices" in t[1] and q == "population")},
                                                               **t[1]})


def _fails(m: dict) -> int:
    return len(m["unmet_priorities"])


def test_the_decision_keeps_its_rules_over_random_networks(pcn_engine):
    k = pcn_engine.knowledge
    seen = set()

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(facts=networks(k))
    def check(facts):
        a = pcn_engine.assess(facts)
        d = a["decision"]
        seen.add(d["confidence"])
        models = {m["id"]: m for m in a["models"]}
        for m in a["models"]:   # a score is exactly its reasons, priority penalties included
            assert m["score"] == sum(r["score"] for r in m["reasons"]), m["id"]
            assert [c["id"] for c in m["criteria"]] == [c["id"] for c in k.decision["criteria"]]
            assert m["applicable"] == (m["why_not"] is None)
            assert m["recommended"] == (m["id"] == d["model"])
        assert a["recommended_model"] == d["model"]
        if d["model"] is not None:
            advised = models[d["model"]]
            assert advised["applicable"] and advised["rating"] != "unsuitable"
            assert not any(f["severity"] == "blocker" for f in advised["flags"])
            assert advised["rank"] == 1
            if len(facts.get("practices") or ()) == 1:
                assert d["model"] not in MULTI
            if facts.get("operating_model") and models[facts["operating_model"]]["applicable"]:
                assert d["model"] == facts["operating_model"]   # their choice, when open to them, is the advice
        else:
            assert d["confidence"] in ("depends", "none_fits")
        if d["confidence"] == "clear":   # no rival open to them as good or better
            me = models[d["model"]]
            for r in a["models"]:
                if r["id"] != me["id"] and r["applicable"]:
                    assert _fails(r) > _fails(me) or r["score"] < me["score"], (r["id"], me["id"])
        if d["confidence"] == "depends":
            assert d["depends_on"] and all(q not in a["facts"] for q in d["depends_on"])
        else:
            assert not d["depends_on"]
        stated, _unsaid = stated_priorities(plan(k, prepare(k, pcn_engine.compiled)), a["facts"], a["facts"])
        assert set(d["unmet_priorities"]) <= set(stated)

    check()
    assert seen >= {"clear", "depends"}   # the random networks reach more than one kind of advice


def test_the_encoded_assessment_carries_the_same_decision(pcn_engine):
    facts = {"as_of": "2019-07-01", "population": 96800, "priorities": ["limit_partner_liability", "keep_nhs_pension"]}
    plain = pcn_engine.assess(facts)
    summary, body = pcn_engine.assess_json(facts)
    encoded = orjson.loads(body)
    assert encoded["decision"] == plain["decision"]
    assert [m["criteria"] for m in encoded["models"]] == [m["criteria"] for m in plain["models"]]
    assert summary["recommended_model"] == plain["recommended_model"] is None


def test_the_interview_asks_what_the_decision_depends_on(pcn_engine):
    from engine.goal import Goal

    facts = {"as_of": "2019-07-01", "population": 25000, "exceptional_circumstances": True,
             "priorities": ["limit_partner_liability"]}
    d = pcn_engine.assess(facts)["decision"]
    assert d["depends_on"] == ["non_gp_partner_willing"]
    assert "non_gp_partner_willing" in Goal(pcn_engine).open(facts).questions
