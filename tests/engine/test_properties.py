"""Property tests: monotone funding, determinism, and durable-rules agreeing with plain Python."""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.facts import engine_fact
from engine.funding import DETAIL_KEYS
from engine.pyeval import PyEvaluator

DAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2023, 3, 31))
LATER_DAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2027, 3, 31))


def facts_strategy(knowledge):
    """Random answers to any subset of the questions, each within its allowed values."""
    fields = {}
    for qid, q in knowledge.questions.items():
        if q["type"] == "boolean":
            fields[qid] = st.booleans()
        elif q["type"] == "integer":
            fields[qid] = st.integers(min_value=q.get("min", 0), max_value=min(q.get("max", 10**6), 300000))
        elif q["type"] == "choice":
            fields[qid] = st.sampled_from([c["value"] for c in q["choices"]])
        elif q["type"] == "date":
            fields[qid] = DAYS.map(dt.date.isoformat)
    return st.fixed_dictionaries({}, optional=fields)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.integers(0, 400000), b=st.integers(0, 400000), day=LATER_DAYS)
def test_funding_never_decreases_as_population_grows(pcn_engine, a, b, day):
    small, big = sorted((a, b))
    fa = pcn_engine.assess({"population": small, "as_of": day.isoformat(), "exceptional_circumstances": True})["funding"]
    fb = pcn_engine.assess({"population": big, "as_of": day.isoformat(), "exceptional_circumstances": True})["funding"]
    assert set(fa) == set(fb)      # which lines exist depends on the day, never on the population
    for s in set(fa) - DETAIL_KEYS:
        if fa[s] is not None and fb[s] is not None:
            assert fb[s] >= fa[s], s


def test_durable_rules_and_plain_python_fire_the_same_rules(pcn_engine):
    py = PyEvaluator(pcn_engine.knowledge, pcn_engine.compiled)

    @settings(max_examples=300, deadline=None)
    @given(facts=facts_strategy(pcn_engine.knowledge))
    def check(facts):
        clean = pcn_engine.check(facts)
        day = dt.date.fromisoformat(clean["as_of"])
        fired, _derived = pcn_engine.firings(clean)
        durable = sorted({(pcn_engine.compiled.actions[v].rule_id, m) for v, m in fired},
                         key=lambda f: (f[0], f[1] or ""))
        assert durable == py.firings(engine_fact(clean, day), clean.get("operating_model"), day)

    check()


def test_same_facts_give_the_same_assessment(pcn_engine):
    @settings(max_examples=60, deadline=None)
    @given(facts=facts_strategy(pcn_engine.knowledge))
    def check(facts):
        facts.setdefault("as_of", "2020-06-01")
        assert pcn_engine.assess(dict(facts)) == pcn_engine.assess(dict(facts))

    check()


def _fragments(obj) -> list:
    """Every orjson.Fragment inside `obj`."""
    import orjson

    if isinstance(obj, orjson.Fragment):
        return [obj]
    if isinstance(obj, dict):
        return [f for v in obj.values() for f in _fragments(v)]
    if isinstance(obj, list | tuple):
        return [f for v in obj for f in _fragments(v)]
    return []


def test_the_assessment_as_json_text_is_exactly_the_assessment_encoded(pcn_engine):
    """`assess_json` (what the service stores and sends) builds the text without the objects."""
    import orjson

    @settings(max_examples=200, deadline=None)
    @given(facts=facts_strategy(pcn_engine.knowledge), day=DAYS)
    def check(facts, day):
        facts.setdefault("as_of", day.isoformat())
        result = pcn_engine.assess(dict(facts), explain=True)
        summary, body = pcn_engine.assess_json(dict(facts))
        assert body == orjson.dumps(result)
        assert not _fragments(result)  # `assess` gives plain objects only: the encoded parts stay inside
        assert orjson.loads(body) == result
        assert summary == {"rules_version": result["rules_version"], "contract_year": result["contract_year"],
                           "eligibility": result["eligibility"]["status"],
                           "recommended_model": result["recommended_model"]}

    check()
