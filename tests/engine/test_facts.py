"""Input facts: bad input gets an error naming each field; unknown is never false."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import FactsError


def _errors(pcn_engine, facts) -> dict:
    with pytest.raises(FactsError) as info:
        pcn_engine.check(facts)
    return info.value.errors


def test_each_bad_field_is_named(pcn_engine):
    errors = _errors(pcn_engine, {"population": -5, "as_of": "31/03/2020", "operating_model": "co_op",
                                  "exceptional_circumstances": "yes", "colour": "blue"})
    assert set(errors) == {"population", "as_of", "operating_model", "exceptional_circumstances", "colour"}
    assert "at least 0" in errors["population"][0]
    assert "flat_network" in errors["operating_model"][0]
    assert errors["colour"] == ["unknown field"]


def test_non_integer_population_and_booleans_as_numbers_are_rejected(pcn_engine):
    assert "population" in _errors(pcn_engine, {"population": 42000.5})
    assert "population" in _errors(pcn_engine, {"population": True})
    assert "population" in _errors(pcn_engine, {"population": "42000"})


def test_facts_must_be_an_object(pcn_engine):
    assert "_schema" in _errors(pcn_engine, [1, 2])


def test_practices_are_checked_item_by_item(pcn_engine):
    errors = _errors(pcn_engine, {"practices": [{"name": "A", "ods_code": "X1", "list_size": -1},
                                                {"name": "B", "list_size": "big", "phone": "1"}]})
    text = " ".join(errors["practices"])
    assert "[0].list_size" in text and "[1].list_size" in text and "phone" in text


def test_population_must_match_the_practices(pcn_engine):
    errors = _errors(pcn_engine, {"population": 40000, "practices": [{"name": "A", "ods_code": "X", "list_size": 30000}]})
    assert "30,000" in errors["population"][0]


def test_null_means_unknown_and_as_of_defaults_to_today(pcn_engine):
    clean = pcn_engine.check({"population": 40000, "exceptional_circumstances": None},
                             today=dt.date(2020, 5, 1))
    assert clean == {"population": 40000, "as_of": "2020-05-01"}


def test_unknown_is_not_false(pcn_engine):
    unknown = pcn_engine.assess({"population": 25000, "as_of": "2019-07-01"})
    false = pcn_engine.assess({"population": 25000, "as_of": "2019-07-01", "exceptional_circumstances": False})
    assert unknown["eligibility"]["status"] == "needs_approval"
    assert false["eligibility"]["status"] == "not_eligible"


def test_infinite_and_nan_numbers_are_field_errors(pcn_engine):
    assert "population" in _errors(pcn_engine, {"population": float("inf")})
    assert "population" in _errors(pcn_engine, {"population": float("nan")})


def test_practices_cannot_add_up_to_an_impossible_population(pcn_engine):
    huge = [{"name": f"P{i}", "ods_code": f"X{i}", "list_size": 1_000_000} for i in range(11)]
    assert "practices" in _errors(pcn_engine, {"practices": huge})
    assert "practices" in _errors(pcn_engine, {"practices": [{"name": "A", "ods_code": "X", "list_size": 10**30}]})


def test_text_that_no_database_can_store_is_rejected(pcn_engine):
    errors = _errors(pcn_engine, {"practices": [{"name": "A\x00B", "ods_code": "\ud800", "list_size": 1}]})
    assert "[0].name" in errors["practices"][0] and "[0].ods_code" in errors["practices"][1]


def test_integers_beyond_64_bits_are_refused_so_every_assessment_encodes(pcn_engine):
    from engine.facts import MAX_INTEGER, check_facts

    question = {"type": "integer"}  # no min or max of its own: the 64-bit bound still applies
    for huge in (2**64, -(2**64), 10**30, MAX_INTEGER + 1):
        with pytest.raises(FactsError) as err:
            check_facts({"n": huge}, {"n": question})
        assert "n" in err.value.errors
    assert check_facts({"n": MAX_INTEGER}, {"n": question})["n"] == MAX_INTEGER
    with pytest.raises(FactsError):
        pcn_engine.assess_json({"population": 2**70})
