"""Typed answers in plain English: numbers, yes/no, options, dates, practices, and "not sure"."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from core.dialogue.parse import UNSURE, parse_answer

TODAY = dt.date(2019, 9, 1)
POP = {"type": "integer", "min": 0, "max": 10_000_000, "unit": "patients"}
YESNO = {"type": "boolean", "prompt": "Has it?"}
DATE = {"type": "date", "prompt": "When?"}
PRACTICES = {"type": "practices", "prompt": "Which practices?"}


def value(q, text):
    parsed = parse_answer(q, text, TODAY)
    assert parsed.ok, parsed.problem
    return parsed.value


@pytest.mark.parametrize("text, expected", [
    ("42000", 42000), ("about 42k", 42000), ("42,000 patients", 42000), ("42 000", 42000), ("42.5k", 42500),
    ("around 42k give or take", 42000), ("c. 42,000", 42000), ("we have 42k", 42000), ("42k-ish", 42000),
    ("1.2m", 1_200_000), ("forty-two thousand", 42000), ("forty two thousand five hundred", 42500),
    ("one and a half million", 1_500_000), ("~30000", 30000),
])
def test_numbers_as_people_type_them(text, expected):
    assert value(POP, text) == expected


@pytest.mark.parametrize("text, hint", [
    ("between 40 and 45k", "single figure"), ("lots", "number"), ("42.5", "whole number"),
    ("3o000", "number"), ("20 million", "largest"), ("42000 sheep in a field", "just the number"),
])
def test_numbers_that_cannot_be_taken_get_a_helpful_reprompt(text, hint):
    parsed = parse_answer(POP, text, TODAY)
    assert not parsed.ok and hint in parsed.problem


@pytest.mark.parametrize("text, expected", [
    ("yes", True), ("Yes!", True), ("y", True), ("yeah we do", True), ("correct", True), ("they are", True),
    ("no", False), ("Nope.", False), ("not yet", False), ("we haven't", False), ("n", False),
])
def test_yes_and_no(text, expected):
    assert value(YESNO, text) is expected


@pytest.mark.parametrize("text", ["not sure", "Not sure.", "don't know", "I'm not sure", "dunno", "no idea",
                                  "unknown", "skip", "can’t say"])
def test_not_sure_is_an_answer_for_every_type(text):
    for q in (POP, YESNO, DATE, PRACTICES):
        assert value(q, text) == UNSURE


def test_maybe_is_not_yes_or_no():
    parsed = parse_answer(YESNO, "maybe", TODAY)
    assert not parsed.ok and "yes or no" in parsed.problem


@pytest.fixture(scope="module")
def model_q():
    return engine.default_engine().knowledge.questions["operating_model"]


@pytest.mark.parametrize("text, expected", [
    ("federation", "federation"), ("lead practice", "lead_provider"), ("super practice", "super_practice"),
    ("flat", "flat_network"), ("non-GP", "non_gp_provider"), ("2", "lead_provider"),
    ("Flat practice network", "flat_network"), ("flat_network", "flat_network"),
])
def test_options_by_number_name_or_words(model_q, text, expected):
    assert value(model_q, text) == expected


def test_undecided_and_blank_mean_not_sure_for_a_question_that_says_so(model_q):
    assert value(model_q, "not decided yet") == UNSURE
    assert value(model_q, "") == UNSURE     # the prompt says "leave blank to compare all five"


@pytest.mark.parametrize("text", ["provider", "xyz", "7"])
def test_unclear_options_list_the_choices(model_q, text):
    parsed = parse_answer(model_q, text, TODAY)
    assert not parsed.ok and "1. Flat practice network" in parsed.problem


@pytest.mark.parametrize("text, expected", [
    ("2019-07-01", "2019-07-01"), ("1 July 2019", "2019-07-01"), ("July 1, 2019", "2019-07-01"),
    ("1/7/2019", "2019-07-01"), ("july 2019", "2019-07-01"), ("1st Sept 2019", "2019-09-01"),
    ("2020/21", "2020-04-01"), ("today", "2019-09-01"), ("", "2019-09-01"),
])
def test_dates(text, expected):
    assert value(DATE, text) == expected


@pytest.mark.parametrize("text", ["2020", "31 February 2019", "next tuesday", "2019/22"])
def test_dates_that_cannot_be_taken(text):
    parsed = parse_answer(DATE, text, TODAY)
    assert not parsed.ok and "2019-07-01" in parsed.problem


def test_practices_one_a_line_in_any_order():
    got = value(PRACTICES, "Riverside Surgery, A81001, 9200\nHill Practice, a81002, 12,500; B81003 Oak Lane MC 8k")
    assert got == [{"name": "Riverside Surgery", "ods_code": "A81001", "list_size": 9200},
                   {"name": "Hill Practice", "ods_code": "A81002", "list_size": 12500},
                   {"name": "Oak Lane MC", "ods_code": "B81003", "list_size": 8000}]


def test_practices_without_a_code_or_size_are_named_in_the_reprompt():
    parsed = parse_answer(PRACTICES, "Riverside Surgery, A81001, 9200\nHill Practice", TODAY)
    assert not parsed.ok and "Hill Practice" in parsed.problem


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_parsed_or_reprompted_never_a_crash(text):
    k = engine.default_engine().knowledge
    for q in list(k.questions.values()) + [POP, YESNO, DATE, PRACTICES]:
        parsed = parse_answer(q, text, TODAY)
        assert parsed.ok or parsed.problem
