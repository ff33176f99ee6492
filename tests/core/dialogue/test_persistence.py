"""Conversation state in the database: saved every turn, resumed by a new process, never mixed up."""
from __future__ import annotations

import threading
import uuid

from core.assessments import get_assessment, list_assessments
from core.db import create_db_engine, session_scope
from core.dialogue.persistence import MemoryStore, SQLStore
from core.dialogue.replies import Ask, Result
from core.dialogue.runner import Conversations


def user() -> str:
    return "u-" + uuid.uuid4().hex[:12]


def finish(convs: Conversations, who: str, population: str, first: list | None = None) -> Result:
    """Answer every question (the population as given) until the result."""
    replies = first or convs.open(who)
    for _ in range(150):
        result = next((r for r in replies if isinstance(r, Result)), None)
        if result:
            return result
        ask = [r for r in replies if isinstance(r, Ask)][-1]
        kind = ask.question["type"]
        text = population if ask.qid == "population" else {"date": "1 July 2019", "boolean": "no",
                                                             "integer": "42000"}.get(kind, "not sure")
        replies = convs.say(who, text)
    raise AssertionError("no result")


def test_state_is_saved_every_turn_and_a_new_process_resumes(db_url, dialogue):
    who = user()
    first = Conversations("chat", SQLStore(create_db_engine(db_url)), dialogue)
    first.open(who)
    first.say(who, "about 42k")
    first.say(who, "change the date")
    first.say(who, "1 July 2019")
    # a restarted service: new engine, new store, new conversations object
    again = Conversations("chat", SQLStore(create_db_engine(db_url)), dialogue)
    state = again.state(who)
    assert state.facts == {"population": 42000, "as_of": "2019-07-01"} and state.pending
    replies = again.open(who)
    assert replies[0].text.startswith("Picking up") and replies[-1].qid == state.pending
    result = finish(again, who, "42000", first=replies)
    assert result.facts["population"] == 42000


def test_a_finished_conversation_is_stored_as_an_assessment(db_url, db_engine, dialogue):
    who = user()
    convs = Conversations("chat", SQLStore(db_engine), dialogue)
    result = finish(convs, who, "55000")
    assert result.assessment_id and convs.state(who).assessment_id == result.assessment_id
    with session_scope(db_engine) as s:
        row = get_assessment(s, result.assessment_id)
        assert row.channel == "chat" and row.user_ref == who
        assert row.facts == result.facts and row.result["facts"]["population"] == 55000
        assert [r.id for r in list_assessments(s, user_ref=who)] == [result.assessment_id]


def test_concurrent_turns_for_one_person_lose_no_answer(db_engine, dialogue):
    who = user()
    convs = Conversations("chat", SQLStore(db_engine), dialogue)
    convs.open(who)
    convs.say(who, "42000")
    convs.say(who, "refine")     # phase two: more than six questions still to ask
    threads = [threading.Thread(target=convs.say, args=(who, "not sure")) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    state = convs.state(who)
    # every "not sure" answered the question pending at its turn: six different questions
    assert len(state.unsure) == 6 and len(set(state.unsure)) == 6 and state.asked == 7


def test_concurrent_people_never_share_state(db_engine, dialogue):
    convs = Conversations("chat", SQLStore(db_engine), dialogue)
    people = {user(): str(30000 + 1000 * i) for i in range(6)}
    results: dict = {}

    def talk(who, population):
        results[who] = finish(convs, who, population)

    threads = [threading.Thread(target=talk, args=item) for item in people.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results) == set(people)
    with session_scope(db_engine) as s:
        for who, population in people.items():
            assert results[who].facts["population"] == int(population)
            assert get_assessment(s, results[who].assessment_id).user_ref == who


def test_memory_store_keeps_people_apart(dialogue):
    convs = Conversations("chat", MemoryStore(), dialogue)
    convs.open("a")
    convs.open("b")
    convs.say("a", "42000")
    convs.say("b", "not sure")
    assert convs.state("a").facts == {"population": 42000}
    assert convs.state("b").unsure == ["population"] and convs.state("b").facts == {}
