"""Clause tests in plain Python: the prepared one-argument checks mean what `holds` means."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.clauses import MISSING, holds, predicate

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
