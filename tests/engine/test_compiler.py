"""The compiler's translations, checked by running them through durable-rules itself."""
from __future__ import annotations

import itertools

import pytest

from engine import runtime
from engine.clauses import MISSING, holds
from engine.compiler import _chosen_test

_names = itertools.count()
MODEL = "lead_provider"
OPERATING_MODEL = [None, MODEL, "federation"]  # none chosen, this model chosen, another chosen
CASES = [("eq", True), ("eq", False), ("ne", True), ("ne", False), ("not", True), ("not", False),
         ("known", True), ("known", False), ("in", [True]), ("in", [False]), ("in", [True, False]), ("in", [])]


@pytest.mark.parametrize("op,value", CASES, ids=[f"{op}-{value}" for op, value in CASES])
def test_model_is_chosen_becomes_an_equivalent_test_on_operating_model(op, value):
    """model_is_chosen is unknown until a model is chosen, then true for that model only."""
    rule = {"all": [{"f": {"$and": [{"t": "f"}, _chosen_test(op, value, MODEL)]}}], "run": "r"}
    rs = runtime.ruleset(f"test_chosen_{next(_names)}", {"r": rule})
    for chosen in OPERATING_MODEL:
        fact = {"id": "f", "t": "f"} if chosen is None else {"id": "f", "t": "f", "operating_model": chosen}
        expected = holds({op: value}, MISSING if chosen is None else chosen == MODEL, None, None)
        assert (rs.run([fact], lambda *_: ()) == 1) == expected, (op, value, chosen)


def test_other_tests_of_model_is_chosen_are_refused():
    with pytest.raises(ValueError, match="lt"):
        _chosen_test("lt", True, MODEL)
