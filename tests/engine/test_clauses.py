"""Clause tests in plain Python: the prepared one-argument checks mean what `holds` means."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.clauses import MISSING, condition, hold_resolved, holds, predicate

VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["a", "b", "flat_network"]))
OPS = st.sampled_from(["eq", "ne", "not", "lt", "lte", "gt", "gte", "known"])
TESTS = st.one_of(
    VALUES,                                                   # a bare value: equality
    st.builds(lambda op, v: {op: v}, OPS, VALUES),
    st.builds(lambda v: {"in": v}, st.lists(VALUES, max_size=3)),
)


@given(test=TESTS, actual=st.one_of(VALUES, st.just(MISSING)))
def test_prepared_check_agrees_with_holds(test, actual):
    if isinstance(test, dict) and "known" in test and not isinstance(test["known"], bool):
        test = {"known": True}
    assert predicate(test)(actual) == holds(test, actual, None, None)


def test_not_holds_for_an_unknown_fact_and_a_different_answer_only():
    check = predicate({"not": "flat_network"})
    assert check(MISSING) and check("super_practice")
    assert not check("flat_network")


CLAUSES = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), TESTS), max_size=4)
FACTS = st.dictionaries(st.sampled_from(["a", "b", "c"]), VALUES)


@given(clauses=CLAUSES, facts=FACTS)
def test_a_condition_holds_exactly_when_every_clause_does(clauses, facts):
    tests = tuple((name, predicate({"known": True} if isinstance(t, dict) and "known" in t else t)) for name, t in clauses)
    want = all(check(facts.get(name, MISSING)) for name, check in tests)
    assert condition(tests)(facts) is want
    assert hold_resolved(tests, facts) is want
