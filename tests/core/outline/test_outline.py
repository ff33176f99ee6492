"""The result outline: the decision first, every section in order, the five models compared on the
handbook's criteria in status words, next steps and who can help at the end; and results stored
before the decision existed still get an honest outline."""
from __future__ import annotations

import re

import pytest

import engine
from core.outline import SECTIONS, STATUS_TEXT, outline, section_of

E = engine.default_engine()
K = E.knowledge
ONE_PRACTICE = {"practices": [{"name": "Solo", "ods_code": "A11111", "list_size": 60000}], "as_of": "2019-07-01"}
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def _items(o: dict):
    for s in o["sections"]:
        for it in s["items"]:
            yield it
            yield from it["children"]


@pytest.mark.parametrize("facts", [
    ONE_PRACTICE,
    {"population": 96800, "as_of": "2019-07-01", "priorities": ["limit_partner_liability", "keep_nhs_pension"]},
    {"population": 42000, "as_of": "2019-07-01", "operating_model": "lead_provider"},
])
def test_sections_come_in_order_and_every_point_is_words_with_a_known_status_and_source(facts):
    o = outline(E.assess(facts), K)
    ids = [s["id"] for s in o["sections"]]
    assert ids == [sid for sid in SECTIONS if sid in ids]
    assert ids.index("decision") == 0 and ids[-2:] == ["next_steps", "contacts"]
    for it in _items(o):
        assert it["status"] is None or it["status"] in STATUS_TEXT
        assert it["citation"] is None or it["citation"]["source"] in K.sources
        assert not (set(SNAKE.findall(it["text"])) & ({*K.models, *K.questions} | {c["value"] for c in
                                                                                  K.questions["priorities"]["choices"]}))


def test_one_practice_is_advised_the_super_practice_and_the_others_say_why_not():
    o = outline(E.assess(ONE_PRACTICE), K)
    assert o["decision"]["model"] == "super_practice" and o["decision"]["confidence"] == "clear"
    models = {m["label"]: m for m in section_of(o, "comparison")["items"]}
    assert models["Super-practice as a network"]["status"] == "advised"
    shut = [m for m in models.values() if m["status"] == "not_applicable"]
    assert len(shut) == 4 and all("several member practices" in m["text"] for m in shut)
    for m in models.values():     # the handbook's six criteria, each with its word
        criteria = [c for c in m["children"] if c["status"] in ("good", "risk", "unknown")]
        assert [c["label"] for c in criteria] == [c["label"] for c in K.decision["criteria"]]


def test_no_model_meeting_every_priority_says_which_are_unmet_in_words():
    a = E.assess({"population": 42000, "as_of": "2019-07-01", "non_gp_partner_willing": False,
                  "provider_holds_nhs_contract": False, "super_practice_limited_company": False,
                  "practices": [{"name": n, "ods_code": f"A{i}1111", "list_size": 21000} for i, n in enumerate("AB")],
                  "priorities": ["limit_partner_liability", "keep_nhs_pension"]})
    o = outline(a, K)
    if a["decision"]["confidence"] != "none_fits":
        pytest.skip("the knowledge no longer finds these priorities in conflict")
    texts = [it["text"] for it in section_of(o, "decision")["items"]]
    assert any("Limit the partners' liabilities" in t for t in texts) and o["decision"]["model"] is None


def test_what_the_advice_depends_on_is_asked_in_words():
    a = E.assess({"population": 96800, "as_of": "2019-07-01", "priorities": ["limit_partner_liability"]})
    o = outline(a, K)
    if a["decision"]["confidence"] != "depends":
        pytest.skip("the knowledge decides this network without more answers")
    depends = [it for it in section_of(o, "decision")["items"] if it["label"] == "Depends on"]
    assert [it["text"] for it in depends] == [K.questions[q]["prompt"] for q in a["decision"]["depends_on"]]


def test_next_steps_and_contacts_end_the_result():
    a = E.assess({"population": 42000, "as_of": "2019-07-01", "operating_model": "federation"})
    o = outline(a, K)
    assert [it["text"] for it in section_of(o, "next_steps")["items"]] == [s["text"] for s in a["decision"]["next_steps"]]
    contacts = [it["label"] for it in section_of(o, "contacts")["items"]]
    assert len(contacts) == len(K.contacts) and contacts[0] == "Your commissioner (the CCG)"
    assert contacts[1:] == [c["name"] for c in K.contacts[1:]]


def test_who_can_help_names_the_commissioner_of_the_assessments_day():
    def first_contact(day):
        o = outline(E.assess({"population": 42000, "as_of": day}), K)
        return section_of(o, "contacts")["items"][0]["label"]
    assert first_contact("2022-06-30") == "Your commissioner (the CCG)"
    assert first_contact("2022-07-01") == "Your commissioner (the ICB)"


def test_a_result_stored_before_the_decision_gets_an_outline_claiming_no_confidence():
    a = E.assess({"population": 42000, "as_of": "2019-07-01"})
    old = {key: v for key, v in a.items() if key != "decision"}
    old["models"] = [{key: v for key, v in m.items() if key not in ("criteria", "applicable", "why_not")}
                     for m in a["models"]]
    o = outline(old, K)
    assert o["decision"]["confidence"] is None and o["decision"]["confidence_text"] is None
    assert section_of(o, "next_steps") is None
    for m in section_of(o, "comparison")["items"]:     # its scored reasons stand in for the criteria
        assert {c["status"] for c in m["children"]} <= {"good", "risk", "unknown", "warning", "blocker", "info"}
