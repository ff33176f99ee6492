"""The two phases: a handful of questions to the decision, then refining by topic; what-if; result."""
from __future__ import annotations

import datetime as dt

from core.dialogue.conversation import Dialogue
from core.dialogue.interview import DECIDE_LIMIT
from core.dialogue.parse import parse_answer
from core.dialogue.replies import Ask, Result, Say, WhatIf
from core.dialogue.whatif import read


def _phase_one(r, answers: dict | None = None, default: str = "not sure") -> Result:
    for _ in range(DECIDE_LIMIT + 1):
        if r.result is not None:
            return r.result
        r.say((answers or {}).get(r.ask.qid, default))
    raise AssertionError("phase one went past its limit")


def test_phase_one_is_a_handful_of_questions_and_offers_the_rest_by_topic(run, dialogue):
    r = run()
    result = _phase_one(r, {"population": "42000"})
    assert r.asked[0] == "population" and len(r.asked) <= DECIDE_LIMIT
    assert result.phase == "decide" and r.state.finished
    k = dialogue.k
    assert not [q for q in r.asked if k.questions[q]["topic"] == "registration"]
    offered = {t["id"]: t["count"] for t in result.topics}
    assert offered.get("registration") == 6 and offered.get("governance")


def test_refining_one_topic_asks_only_it_then_shows_the_result_again(run, dialogue):
    r = run()
    _phase_one(r, {"population": "42000"})
    r.say("refine governance")
    topics = []
    for _ in range(40):
        if r.result is not None:
            break
        topics.append(dialogue.k.questions[r.ask.qid]["topic"])
        r.say({"boolean": "yes", "choice": "1"}.get(r.ask.question["type"], "not sure"))
    assert topics and set(topics) == {"governance"}
    assert r.result.phase == "refine"
    assert "governance" not in {t["id"] for t in r.result.topics}
    # an unknown topic is explained, with the ones there are
    r.say("refine astrology")
    assert isinstance(r.replies[0], Say) and "governance" not in r.replies[0].text and "registration" in r.replies[0].text


def test_skipping_a_topic_moves_on_and_it_is_not_asked_again(run, dialogue):
    r = run()
    _phase_one(r, {"population": "42000"})
    r.say("refine")
    first = dialogue.k.questions[r.ask.qid]["topic"]
    r.say("skip topic")
    assert r.ask is not None and dialogue.k.questions[r.ask.qid]["topic"] != first
    assert first in r.state.skipped
    for _ in range(60):
        if r.result is not None:
            break
        assert dialogue.k.questions[r.ask.qid]["topic"] != first
        r.say("not sure")
    assert {t["id"]: t["skipped"] for t in r.result.topics}.get(first) is True


def test_a_refining_answer_that_changes_the_decision_says_so(run):
    r = run()
    _phase_one(r, {"population": "25000", "exceptional_circumstances": "not sure"})
    r.say("change exceptional circumstances")
    r.say("refine")             # refining: the result updates as answers come
    r.say("change exceptional circumstances")
    r.say("no")
    notes = [x.text for x in r.replies if isinstance(x, Say)]
    assert any("That changes the result" in n and "not eligible" in n for n in notes), notes


def test_what_if_compares_without_changing_the_answers(run):
    r = run()
    _phase_one(r, {"population": "42000"})
    facts = dict(r.state.facts)
    r.say("what if we had 28,500 patients?")
    w = r.replies[0]
    assert isinstance(w, WhatIf) and w.problem is None
    assert w.diff["eligibility"]["after"] == "needs_approval" and w.changes[0]["answer"] == "28,500 patients"
    assert r.state.facts == facts
    r.say("what if we chose a federation")
    assert r.replies[0].changes[0]["id"] == "operating_model" and r.replies[0].diff["facts"]["operating_model"]
    r.say("what if the moon is cheese")
    assert r.replies[0].problem and "couldn't tell" in r.replies[0].problem


def test_what_if_reads_dates_models_numbers_and_any_question(dialogue):
    k, day = dialogue.k, dt.date(2026, 12, 3)
    assert read("on 1 April?", k, day)[0] == {"as_of": "2027-04-01"}     # the next 1 April
    assert read("on 1 April", k, dt.date(2026, 3, 1))[0] == {"as_of": "2026-04-01"}
    assert read("next year", k, day)[0] == {"as_of": "2027-04-01"}
    assert read("a super-practice", k, day)[0] == {"operating_model": "super_practice"}
    assert read("vat advice taken is yes", k, day)[0] == {"vat_advice_taken": True}
    assert read("population is lots", k, day)[1]


def test_pick_any_answers_by_number_name_or_none(dialogue):
    q = dialogue.k.questions["priorities"]
    assert parse_answer(q, "1, 3", dt.date(2020, 1, 1)).value == ["limit_partner_liability", "keep_nhs_pension"]
    assert parse_answer(q, "avoid vat and least admin", dt.date(2020, 1, 1)).value == ["avoid_vat", "least_admin"]
    assert parse_answer(q, "none", dt.date(2020, 1, 1)).value == []
    assert not parse_answer(q, "1, 9", dt.date(2020, 1, 1)).ok


def test_the_result_command_shows_where_things_stand_and_keeps_the_question(run):
    r = run()
    r.say("42000")
    waiting = r.state.pending
    r.say("result")
    assert isinstance(r.replies[0], Result) and r.replies[0].facts["population"] == 42000
    assert r.ask.qid == waiting and r.state.pending == waiting


def test_the_date_question_says_when_today_is_beyond_the_sources():
    late = Dialogue(today=dt.date(2026, 12, 3))
    state, _ = late.start()
    ask = next(x for x in late.handle(state, "change the date") if isinstance(x, Ask))
    assert ask.qid == "as_of" and "outside" in ask.aside and "2019/20" in ask.aside
    early = Dialogue(today=dt.date(2019, 9, 1))
    state, _ = early.start()
    assert next(x for x in early.handle(state, "change the date") if isinstance(x, Ask)).aside is None
