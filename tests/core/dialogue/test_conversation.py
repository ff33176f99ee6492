"""The dialogue core: same result as `pcn assess`, and back, change, why?, not sure, restart, help, garbage."""
from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from core.dialogue.commands import Command
from core.dialogue.replies import Ask, Choices, Escalate, Explain, Lookup, Say, WhatIf
from core.dialogue.text import render

ANSWERS = {"population": "about 42k", "as_of": "1 July 2019", "operating_model": "federation",
           "priority_nhs_pension": "yes", "provider_holds_nhs_contract": "no", "vat_advice_taken": "not sure"}


def test_the_final_assessment_equals_pcn_assess_on_the_same_facts(run, tmp_path):
    r = run()
    result = r.answer_all(ANSWERS)
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(result.facts))
    out = subprocess.run([sys.executable, "-m", "engine.cli", "assess", "--json", str(path)],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == json.loads(json.dumps(result.assessment))
    assert result.facts["population"] == 42000 and result.facts["as_of"] == "2019-07-01"
    assert "vat_advice_taken" not in result.facts           # not sure: unknown, never false
    assert r.state.finished and r.state.pending is None


def test_population_is_asked_first(run):
    assert run().ask.qid == "population"


def test_every_answer_is_read_back(run):
    r = run()
    r.say("about 42k")
    assert r.ask.ack == "42,000 patients"


def test_back_undoes_the_last_answer_and_asks_it_again(run):
    r = run()
    r.say("42000")
    second = r.ask.qid
    r.say("not sure")
    r.say("back")
    assert r.ask.qid == second and r.ask.previous
    assert second not in r.state.facts and r.state.history == ["population"]
    r.say("back")
    assert r.ask.qid == "population" and r.ask.previous == "42,000 patients" and not r.state.facts
    r.say("back")
    assert isinstance(r.replies[0], Say) and "nothing to go back to" in r.replies[0].text
    assert r.ask.qid == "population"


def test_change_revises_an_answer_and_asks_what_became_relevant(run):
    r = run()
    first = r.answer_all({"population": "42000", "as_of": "1 July 2019"})
    assert "exceptional_circumstances" not in r.asked
    assert first.assessment["eligibility"]["status"] == "eligible"
    r.say("change population")
    assert r.ask.qid == "population" and r.ask.previous == "42,000 patients"
    r.say("25k")
    assert r.ask.qid == "exceptional_circumstances"     # under 30,000 it now matters
    r.say("no")
    again = r.answer_all()
    assert again.facts["population"] == 25000 and again.facts["exceptional_circumstances"] is False
    assert again.assessment["eligibility"]["status"] == "not_eligible"


def test_change_alone_lists_the_answers_and_a_number_picks_one(run):
    r = run()
    r.say("42000")
    second = r.state.pending
    r.say("not sure")
    r.say("change")
    assert isinstance(r.replies[0], Choices)
    assert {c["id"] for c in r.replies[0].items} == {"population", second}
    r.say("change the date")
    assert r.ask.qid == "as_of"


def test_change_of_an_unknown_or_moot_question_is_explained(run):
    r = run()
    r.say("42000")
    r.say("change the colour of the walls")
    assert r.replies[0].kind == "problem"
    r.say("change exceptional circumstances")       # 42,000 patients: the exception cannot matter
    assert "doesn't apply" in r.replies[0].text


def test_why_names_the_rules_that_read_the_question_with_citations(run):
    r = run()
    r.say("why?")
    e = r.replies[0]
    assert isinstance(e, Explain) and e.qid == "population" and e.why
    assert e.rules and all(rule["citation"]["source"] and rule["citation"]["section"] for rule in e.rules)
    assert any(rule["id"] == "population_within_range" for rule in e.rules)
    assert r.state.pending == "population"          # why? does not answer the question
    r.say("why operating model")
    assert r.replies[0].qid == "operating_model"
    assert "Rules that use the answer" in render(r.replies, r.d.k)


def test_not_sure_is_a_real_answer_and_the_result_says_what_depends_on_it(run):
    r = run()
    r.say("not sure")
    assert "population" in r.state.unsure and r.ask.qid != "population"
    result = r.answer_all()
    assert result.assessment["eligibility"]["status"] == "unknown"
    assert "exceptional_circumstances" not in r.asked     # cannot matter without a population
    unsure = {u["id"]: u for u in result.unsure}
    assert unsure["population"]["depends"]
    assert all(d["citation"] for d in unsure["population"]["depends"])
    assert "population" in {q["id"] for q in result.assessment["open_questions"]}
    assert "WHAT DEPENDS ON YOUR \"NOT SURE\" ANSWERS" in render([result], r.d.k)


def test_restart_and_help(run):
    r = run()
    r.say("42000")
    r.say("help")
    assert r.replies[0].kind == "help" and "why?" in r.replies[0].text and r.state.pending
    r.say("start over")
    assert r.ask.qid == "population" and r.state.facts == {} and r.state.asked == 0


def test_garbage_gets_a_reprompt_on_every_question(run):
    r = run()
    for _ in range(60):
        if r.result is not None:
            break
        qid = r.ask.qid
        for junk in ("purple elephants", "!!!", "12 34 56", "-", "maybe?"):
            r.say(junk)
            if r.ask.qid == qid and r.ask.note:       # some junk is a valid answer to some types
                assert r.state.pending == qid
                continue
            break
        else:
            q = r.ask.question
            r.say({"integer": "42000", "date": "1 July 2019", "boolean": "no",
                   "practices": "Riverside Surgery, A81001, 42000"}.get(q["type"]) or "1")
    assert r.result is not None


def test_text_after_the_result_explains_what_to_do(run):
    r = run()
    r.answer_all()
    r.say("42")
    assert "change" in r.replies[0].text


def test_a_click_on_an_old_question_does_nothing_harmful(run):
    r = run()
    r.say("42000")
    assert r.click("population", "50000") == []                # already answered
    pending = r.state.pending
    r.click("operating_model" if pending != "operating_model" else "as_of", "flat_network")
    assert r.state.pending == pending


def test_practices_replace_a_contradicting_population(run):
    r = run()
    r.say("40000")
    r.d.command(r.state, Command("change", "practices"))
    r.say("Riverside Surgery, A81001, 20000\nHill Practice, A81002, 22000")
    assert any(isinstance(x, Say) and "set aside" in x.text for x in r.replies)
    assert "population" not in r.state.facts
    assert engine.check(r.state.final_facts())["population"] == 42000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(
    ["back", "why?", "change", "change population", "restart", "help", "not sure", "yes", "no", "42k",
     "1 July 2019", "2", "flat", "change as of", "why population", "ask who chooses the cd?", "adviser",
     "Can a federation employ our pharmacist?", "refine", "refine governance", "skip topic", "result",
     "what if we had 28k patients", "what changes on 1 April?", "1, 3", "none"])), max_size=25))
def test_any_sequence_of_inputs_keeps_a_valid_state(dialogue, inputs):
    state, replies = dialogue.start()
    for text in inputs:
        replies = dialogue.handle(state, text)
        assert replies
        assert all(isinstance(x, (Ask, Say, Explain, Choices, Lookup, Escalate, WhatIf))
                   or x.__class__.__name__ == "Result" for x in replies)
        engine.check(state.final_facts())             # never stores facts the engine rejects
        assert state.pending is None or state.pending in dialogue.k.questions


def test_a_state_saved_under_older_knowledge_is_repaired(dialogue):
    from core.dialogue.state import State
    state = State.from_json({"started": "2019-09-01", "facts": {"population": 42000, "retired_question": True,
                                                                "operating_model": "no_longer_a_model"},
                             "history": ["population", "retired_question", "operating_model"],
                             "pending": "another_retired_question", "asked": 3, "unknown_key": 1})
    replies = dialogue.resume(state)
    assert state.facts == {"population": 42000} and state.history == ["population"]
    assert isinstance(replies[-1], Ask) and replies[-1].qid in dialogue.k.questions


def test_why_a_question_is_asked_is_in_todays_words():
    """Before 1 July 2022 the commissioner is the CCG; from then on, the ICB (and the rules read back say so too)."""
    import datetime as dt

    from core.dialogue.conversation import Dialogue

    def why(today):
        d = Dialogue(today=today)
        state, _ = d.start()
        return render(d.handle(state, "why area_practices_uncovered"), d.k)

    now = why(dt.date(2026, 12, 7))
    assert "integrated care board (ICB)" in now and "CCG" not in now and "{commissioner" not in now
    assert "clinical commissioning group (CCG)" in why(dt.date(2022, 6, 30))
