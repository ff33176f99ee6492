"""`ask <question>`, free-text questions and `adviser` in the dialogue core, and through the runner
(answers from the advice desk; escalations to triage cases on SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import uuid

from core.dialogue.conversation import START_HINT, Dialogue
from core.dialogue.persistence import MemoryStore, SQLStore
from core.dialogue.replies import AdviserReply, Answer, Escalate, Escalated, Lookup, Say
from core.dialogue.runner import Conversations
from core.dialogue.text import render

TODAY = dt.date(2019, 9, 1)


def test_ask_is_looked_up_and_the_waiting_question_comes_back(run):
    r = run()
    r.say("ask Who chooses the Clinical Director?")
    assert isinstance(r.replies[0], Lookup) and r.replies[0].question == "Who chooses the Clinical Director?"
    assert r.ask.qid == "population" and r.ask.note is None and r.state.facts == {}


def test_a_question_is_never_taken_as_an_answer(run):
    r = run()
    r.say("42000")
    second = r.state.pending
    r.say("not sure")
    pending = r.state.pending
    r.say("Can a federation employ our pharmacist?")
    assert isinstance(r.replies[0], Lookup) and r.state.pending == pending
    assert "operating_model" not in r.state.facts and r.state.history == ["population", second]


def test_question_words_read_as_a_question_when_they_are_not_an_answer(run):
    r = run()
    r.say("who chooses the clinical director")
    assert isinstance(r.replies[0], Lookup) and r.ask.qid == "population"
    r.say("ask")
    assert isinstance(r.replies[0], Say) and "ask" in r.replies[0].text and r.ask.qid == "population"


def test_adviser_carries_the_question_just_asked_or_a_note(run):
    r = run()
    r.say("ask what is the parking policy?")
    r.say("adviser")
    assert r.replies[0] == Escalate("what is the parking policy?", None, None)
    r.say("Adviser: we can't agree on the Payee")
    assert r.replies[0] == Escalate(None, "we can't agree on the Payee", None)
    assert r.ask.qid == "population"


def test_adviser_after_the_result_names_the_assessment(run):
    r = run()
    r.answer_all()
    r.state.assessment_id = "a" * 32
    r.say("I want to talk to an LMC adviser")
    assert r.replies == [Escalate(None, None, "a" * 32)]
    r.say("Does a super-practice need another health body to sign up?")
    assert isinstance(r.replies[0], Lookup) and len(r.replies) == 1


def test_a_first_message_that_is_a_question_waits_for_start(dialogue):
    state, replies = dialogue.first("Who chooses the clinical director?")
    assert isinstance(replies[0], Lookup) and replies[-1].text == START_HINT and state.pending is None
    replies = dialogue.handle(state, "start")
    assert replies[0].kind == "help" and replies[-1].qid == "population"
    state, replies = dialogue.first("hello")
    assert replies[-1].qid == "population"


def test_the_runner_answers_in_memory_and_says_escalation_needs_a_database(pcn_engine):
    convs = Conversations("chat", MemoryStore(), Dialogue(pcn_engine, today=TODAY))
    replies = convs.say("gp", "ask Could our structure attract VAT?")
    answer = next(r for r in replies if isinstance(r, Answer)).answer
    assert answer["found"] and any(h["citation"]["section"] == "VAT" for h in answer["guidance"] + answer["sources"])
    text = render(replies, pcn_engine.knowledge)
    assert "Q: Could our structure attract VAT?" in text and "› VAT]" in text
    escalated = next(r for r in convs.say("gp", "adviser") if isinstance(r, Escalated))
    assert escalated.cases == [] and "database" in escalated.problem


def test_escalation_through_the_runner_and_the_advisers_reply(db_engine, pcn_engine):
    from core.db import session_scope
    from core.triage import casework

    convs = Conversations("chat", SQLStore(db_engine), Dialogue(pcn_engine, today=TODAY))
    user = "gp-" + uuid.uuid4().hex[:8]
    replies = convs.say(user, "What is the parking policy at the surgery?")
    assert not next(r for r in replies if isinstance(r, Answer)).answer["found"]
    escalated = next(r for r in convs.say(user, "adviser") if isinstance(r, Escalated))
    [case] = escalated.cases
    assert case["new"] and case["kind"] == "question" and case["question"] == "What is the parking policy at the surgery?"
    assert case["conversation"] == {"channel": "chat", "user_ref": user, "id": case["conversation"]["id"]}
    assert case["conversation"]["id"] and case["priority"] == "normal"
    assert "Case #" in render([escalated], pcn_engine.knowledge)
    convs.say(user, "what is the parking policy at the surgery?")
    again = next(r for r in convs.say(user, "adviser") if isinstance(r, Escalated))
    assert [c["id"] for c in again.cases] == [case["id"]] and not again.cases[0]["new"]
    assert convs.adviser_replies(user) == []
    with session_scope(db_engine) as s:
        casework.resolve(s, case["id"], "alice", "We can't help with parking.")
    [reply] = convs.adviser_replies(user)
    assert isinstance(reply, AdviserReply) and "We can't help with parking." in render([reply], pcn_engine.knowledge)
    assert convs.adviser_replies(user) == []          # passed on once


def test_adviser_after_a_finished_assessment_opens_its_advice_cases(db_engine, pcn_engine):
    convs = Conversations("chat", SQLStore(db_engine), Dialogue(pcn_engine, today=TODAY))
    user = "gp-" + uuid.uuid4().hex[:8]
    convs.start(user)
    answers = {"population": "20000", "as_of": "1 July 2019", "operating_model": "federation",
               "exceptional_circumstances": "not sure"}
    for _ in range(80):
        state = convs.state(user)
        if state.finished:
            break
        q = pcn_engine.knowledge.questions[state.pending]
        convs.say(user, answers.get(q["id"]) or {"integer": "20000", "boolean": "not sure", "date": "1 July 2019",
                                                  "practices": "Riverside Surgery, A81001, 20000"}.get(q["type"], "not sure"))
    escalated = next(r for r in convs.say(user, "adviser") if isinstance(r, Escalated))
    # one request, one case: filed under the most pressing point, the other points carried with it
    assert [c["topic"] for c in escalated.cases] == ["sub_30k_approval"]
    assert any("pension" in code for code in escalated.cases[0]["related_flags"])
    assert all(c["assessment_id"] == convs.state(user).assessment_id for c in escalated.cases)
