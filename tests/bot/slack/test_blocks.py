"""Block Kit for every question and for results stays within Slack's limits, and reads back right."""
from __future__ import annotations

import json

import pytest

import engine
from bot.slack import blocks
from bot.slack.result import checked, checklist_messages, home_view, result_messages
from core.dialogue.parse import UNSURE
from core.dialogue.replies import Ask, Result

K = engine.default_engine().knowledge


def within_limits(message: dict) -> None:
    assert 0 < len(message["blocks"]) <= 50
    for b in message["blocks"]:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= 3000
        if b["type"] == "actions":
            assert len(b["elements"]) <= 25
            for e in b["elements"]:
                if e["type"] == "button":
                    assert len(e["text"]["text"]) <= 75 and len(e["value"]) <= 2000
        if b.get("block_id"):
            assert len(b["block_id"]) <= 255


@pytest.mark.parametrize("qid", list(K.questions))
def test_every_question_renders_with_not_sure_why_and_back(qid):
    m = blocks.question(Ask(qid, K.questions[qid], 3, 10, previous="yes", note="Please answer yes or no.", ack="42"))
    within_limits(m)
    actions = next(b for b in m["blocks"] if b["type"] == "actions")
    values = [blocks.answer_value(dict(e, block_id=actions["block_id"])) for e in actions["elements"]
              if e["type"] == "button"]
    assert (qid, UNSURE) in values and (qid, "why") in values and (qid, "back") in values


def test_long_choice_lists_use_a_menu_and_dates_a_picker():
    q = {"type": "choice", "prompt": "Pick", "choices": [{"value": f"v{i}", "label": f"Option {i}"} for i in range(8)]}
    m = blocks.question(Ask("many", q, 1, 0))
    select = next(e for b in m["blocks"] if b["type"] == "actions" for e in b["elements"] if e["type"] == "static_select")
    assert blocks.answer_value({"type": "static_select", "selected_option": select["options"][6]}) == ("many", "v6")
    m = blocks.question(Ask("as_of", K.questions["as_of"], 1, 0))
    assert any(e["type"] == "datepicker" for b in m["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert blocks.answer_value({"type": "datepicker", "block_id": "answer:as_of", "selected_date": "2019-07-01"}) == \
        ("as_of", "2019-07-01")
    assert blocks.answer_value({"type": "button", "value": "not json"}) == (None, None)


def test_text_is_escaped_for_mrkdwn():
    assert blocks.esc("<b> & <@U1>") == "&lt;b&gt; &amp; &lt;@U1&gt;"


@pytest.mark.parametrize("facts", [
    {"population": 42000, "as_of": "2019-07-01"},
    {"population": 25000, "as_of": "2020-06-01", "exceptional_circumstances": True, "operating_model": "federation"},
    {"as_of": "2021-06-01", "operating_model": "super_practice", "other_health_body_signed": False},
    {"population": 120000, "as_of": "2019-07-01", **{q: False for q, v in K.questions.items() if v["type"] == "boolean"}},
])
def test_results_and_checklists_fit_in_messages_and_cite_every_point(facts):
    a = engine.assess(facts)
    r = Result(a, facts, unsure=[{"id": "population", "prompt": "How many?", "depends": [
        {"text": "A rule", "citation": {"source": "x.txt", "section": "S"}, "models": [None]}]}], assessment_id="abc123")
    msgs = result_messages(r, K)
    for m in msgs:
        within_limits(m)
    text = json.dumps([m["blocks"] for m in msgs], ensure_ascii=False)
    for reason in a["eligibility"]["reasons"]:
        assert blocks.esc(reason["text"]).replace('"', '\\"')[:60] in text
    # every warning and blocker; of the notes, the network's and the advised (or chosen) model's
    focus = a["decision"]["model"] or facts.get("operating_model")
    for f in a["flags"]:
        if f["severity"] != "info" or f["model"] in (None, focus):
            assert blocks.esc(f["message"]).replace('"', '\\"')[:60] in text
    for d in a["duties"]:
        assert blocks.esc(d["label"]) in text
    items = [dict(i, done=n % 2 == 0) for n, i in enumerate(a["checklist"])]
    for m in checklist_messages("abc123", items, K):
        within_limits(m)
        for b in m["blocks"]:
            if b.get("accessory"):
                aid, item, done = checked(dict(b, selected_options=b["accessory"].get("initial_options", [])))
                assert aid == "abc123" and done == next(i["done"] for i in items if i["id"] == item)
                assert "_[" in b["text"]["text"]          # the item's citation


def test_home_view_without_and_with_assessments():
    assert "No saved assessments" in json.dumps(home_view([]))


def test_the_result_marks_judgement_and_shows_the_disagreements():
    a = engine.assess({"population": 30000, "as_of": "2019-07-01"})
    msgs = result_messages(Result(a, {}, assessment_id="abc123"), K)
    for m in msgs:
        within_limits(m)
    text = json.dumps([m["blocks"] for m in msgs], ensure_ascii=False)
    assert "(our judgement)" in text and "this tool's own weighing" in text
    assert "*Where the sources disagree*" in text and "We follow the sum of the parts: £137,550." in text
    assert "prints £92,595 here" in text


def test_an_answer_shows_the_disagreements_its_passages_are_about():
    from bot.slack.advice import answer_message
    dispute = {"id": "d", "topic": "clinical_director", "we_follow": "the fuller section", "why": "It is fuller.",
               "sources": [{"citation": {"source": "000_a67a7b468067886e.txt", "section": "Appointing a clinical director"},
                            "says": "Anyone suitably qualified."}]}
    a = {"question": "Can the CD be external?", "found": True, "sources": [], "rules": [], "checklist": [],
         "guidance": [{"text": "An outside CD is allowed.", "citation": dispute["sources"][0]["citation"],
                       "id": "rule:cd_external_candidate"}], "disagreements": [dispute]}
    text = json.dumps(answer_message(a, K)["blocks"], ensure_ascii=False)
    assert "*Where the sources disagree*" in text and "Clinical director: " in text
    assert "We follow the fuller section. It is fuller." in text and "Anyone suitably qualified." in text
