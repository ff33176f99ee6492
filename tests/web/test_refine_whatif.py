"""The practice's pages for the goal-driven interview: pick-any checkboxes, refining by topic, what-if."""
from __future__ import annotations

import re

from tests.web.helpers import current_qid, finish_interview, post


def _to_priorities(client) -> None:
    post(client, "/start")
    while (qid := current_qid(client)) != "priorities":
        assert qid is not None, "the interview never asked for the priorities"
        post(client, f"/questions/{qid}", {"answer": "42000" if qid == "population" else "__unsure__"},
             page="/questions")


def test_priorities_are_ticked_as_checkboxes_and_exclusive_boxes_stand_alone(client):
    _to_priorities(client)
    page = client.get("/questions", follow_redirects=True).text
    assert page.count('type="checkbox"') == 7 and "None of these" in page and "Select all that apply" in page
    r = client.post("/questions/priorities", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                                          page).group(1),
                                                   "answer": ["avoid_vat", "__none__"]})
    assert r.status_code == 422 and "There is a problem" in r.text and 'href="#answer"' in r.text
    r = post(client, "/questions/priorities", {"answer": ["avoid_vat", "least_admin"]}, page="/questions")
    assert r.status_code == 302 and current_qid(client) != "priorities"
    # changing the answer later shows the earlier ticks
    again = client.get("/questions/priorities?change=1").text
    ticked = re.findall(r'<input[^>]*value="([a-z_]+)"[^>]*checked', again)
    assert ticked == ["avoid_vat", "least_admin"]


def test_the_result_offers_refining_by_topic_and_a_topic_asks_only_its_questions(client):
    aid = finish_interview(client)
    page = client.get(f"/assessments/{aid}").text
    assert "Refine your result" in page and 'value="governance"' in page
    r = post(client, "/refine", {"topic": "governance"}, page=f"/assessments/{aid}")
    assert r.status_code == 302 and "/questions/" in r.location
    from engine import default_engine
    k = default_engine().knowledge
    seen = []
    while (qid := current_qid(client)) is not None:
        seen.append(k.questions[qid]["topic"])
        post(client, f"/questions/{qid}", {"answer": "__unsure__"}, page="/questions")
    assert seen and set(seen) == {"governance"}
    newer = re.search(r'href="/assessments/([0-9a-f]{32})"', client.get("/check").text).group(1)
    assert newer != aid
    assert 'value="governance"' not in client.get(f"/assessments/{newer}").text
    # an unknown topic is not found; someone without the conversation goes to the start
    assert post(client, "/refine", {"topic": "<script>"}, page=f"/assessments/{newer}").status_code == 404


def test_refining_is_offered_only_to_the_practice_whose_result_it_is(client, app):
    aid = finish_interview(client)
    stranger = app.test_client()
    page = stranger.get(f"/assessments/{aid}").text
    assert "Eligibility" in page and "Refine your result" not in page and "What if" in page


def test_what_if_shows_what_would_change_and_saves_nothing(client):
    aid = finish_interview(client)
    before = client.get(f"/assessments/{aid}").text
    r = client.get(f"/assessments/{aid}/what-if?population=28500&operating_model=&as_of=")
    assert r.status_code == 200
    assert "28,500 patients" in r.text and "Needs the commissioner" in r.text and "Nothing has been saved" in r.text
    assert client.get(f"/assessments/{aid}").text == before
    r = client.get(f"/assessments/{aid}/what-if?operating_model=federation&as_of=1+April+2027")
    assert r.status_code == 200 and "GP federation / provider entity" in r.text and "1 April 2027" in r.text


def test_what_if_errors_name_the_field_and_escape_what_was_typed(client):
    aid = finish_interview(client)
    r = client.get(f"/assessments/{aid}/what-if?population=%3Cscript%3Ealert(1)%3C/script%3E")
    assert r.status_code == 422 and 'href="#wi-population"' in r.text and "<script>alert" not in r.text
    r = client.get(f"/assessments/{aid}/what-if?operating_model=nope")
    assert r.status_code == 422 and 'href="#wi-model"' in r.text
    assert client.get(f"/assessments/{aid}/what-if").status_code == 422
    assert client.get("/assessments/0123/what-if?population=1").status_code == 404
