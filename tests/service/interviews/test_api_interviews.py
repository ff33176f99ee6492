"""/v1/interviews: the goal-driven interview over HTTP, as another system would drive it."""
from __future__ import annotations

import engine

K = engine.default_engine().knowledge


def _start(client, auth, body=None):
    r = client.post("/v1/interviews", json=body, headers=auth) if body is not None else \
        client.post("/v1/interviews", headers=auth)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _answer(client, auth, iid, question, **answer):
    return client.post(f"/v1/interviews/{iid}/answers", json={"question": question, **answer}, headers=auth)


def _value_for(q: dict):
    return {"boolean": False, "integer": 42000, "date": "2019-07-01", "choices": []}.get(
        q["type"], (q["choices"] or [{"value": None}])[0]["value"])


def test_a_network_gets_its_answer_in_a_handful_of_questions_and_the_result_is_stored(client, auth):
    view = _start(client, auth)
    assert view["status"] == "asking" and view["phase"] == "decide" and view["asked"] == 0
    assert view["question"]["id"] == "population" and view["question"]["why"]
    assert view["result"] is None and view["assessment_id"] is None
    for _ in range(12):
        if view["status"] == "done":
            break
        q = view["question"]
        r = _answer(client, auth, view["id"], q["id"], value=_value_for(q))
        assert r.status_code == 200, r.get_json()
        view = r.get_json()
    assert view["status"] == "done" and view["asked"] <= 10
    result = view["result"]
    assert {"near_misses", "coverage", "ranking"} <= set(result)
    stored = client.get(f"/v1/assessments/{view['assessment_id']}", headers=auth)
    assert stored.status_code == 200
    assert stored.get_json()["recommended_model"] == result["recommended_model"]
    assert view["topics"] and all(t["count"] > 0 for t in view["topics"])
    # GET shows the same
    again = client.get(f"/v1/interviews/{view['id']}", headers=auth).get_json()
    assert again["status"] == "done" and again["assessment_id"] == view["assessment_id"]


def test_starting_from_known_facts_skips_their_questions(client, auth):
    view = _start(client, auth, {"facts": {"population": 25000, "as_of": "2019-07-01"}})
    assert view["question"]["id"] == "exceptional_circumstances"     # under 30,000 it decides eligibility
    r = _answer(client, auth, view["id"], "exceptional_circumstances", not_sure=True)
    assert r.status_code == 200 and r.get_json()["question"]["id"] != "exceptional_circumstances"


def test_bad_facts_bad_answers_and_the_wrong_question_name_their_field(client, auth):
    r = client.post("/v1/interviews", json={"facts": {"population": "lots"}}, headers=auth)
    assert r.status_code == 422 and "facts.population" in r.get_json()["errors"]
    r = client.post("/v1/interviews", json={"facts": {}, "extra": 1}, headers=auth)
    assert r.status_code == 422 and "extra" in r.get_json()["errors"]
    view = _start(client, auth)
    r = _answer(client, auth, view["id"], "population", value="lots")
    assert r.status_code == 422 and "value" in r.get_json()["errors"]
    r = _answer(client, auth, view["id"], "population", value=-5)
    assert r.status_code == 422 and "value" in r.get_json()["errors"]
    r = _answer(client, auth, view["id"], "operating_model", value="federation")
    assert r.status_code == 409 and "question" in r.get_json()["errors"]
    r = _answer(client, auth, view["id"], "population")
    assert r.status_code == 422 and "value" in r.get_json()["errors"]
    r = _answer(client, auth, view["id"], "population", value=1, not_sure=True)
    assert r.status_code == 422
    # nothing was recorded by the failures
    assert client.get(f"/v1/interviews/{view['id']}", headers=auth).get_json()["asked"] == 0


def test_someone_elses_interview_is_not_found(client, auth, make_key):
    view = _start(client, auth)
    _name, other = make_key()
    theirs = {"Authorization": f"Bearer {other}"}
    assert client.get(f"/v1/interviews/{view['id']}", headers=theirs).status_code == 404
    assert _answer(client, theirs, view["id"], "population", value=42000).status_code == 404
    assert client.get("/v1/interviews/nope", headers=auth).status_code == 404
    assert client.get(f"/v1/interviews/{view['id']}").status_code == 401


def test_back_change_and_refine(client, auth):
    view = _start(client, auth)
    view = _answer(client, auth, view["id"], "population", value=42000).get_json()
    second = view["question"]["id"]
    back = client.post(f"/v1/interviews/{view['id']}/back", headers=auth).get_json()
    assert back["question"]["id"] == "population" and back["question"]["previous"] == "42,000 patients"
    assert back["asked"] == 0
    view = _answer(client, auth, view["id"], "population", value=42000).get_json()
    assert view["question"]["id"] == second
    changed = client.post(f"/v1/interviews/{view['id']}/change", json={"question": "as_of"}, headers=auth).get_json()
    assert changed["question"]["id"] == "as_of"
    assert client.post(f"/v1/interviews/{view['id']}/change", json={"question": "nope"},
                       headers=auth).status_code == 422
    refined = client.post(f"/v1/interviews/{view['id']}/refine", json={"topic": "governance"}, headers=auth)
    assert refined.status_code == 200
    body = refined.get_json()
    assert body["phase"] == "refine" and K.questions[body["question"]["id"]]["topic"] == "governance"
    assert body["result"] is not None          # while refining, the result so far comes with each step
    bad = client.post(f"/v1/interviews/{view['id']}/refine", json={"topic": "<script>"}, headers=auth)
    assert bad.status_code == 422 and "topic" in bad.get_json()["errors"]


def test_refining_every_topic_ends_with_the_full_result(client, auth):
    view = _start(client, auth, {"facts": {"population": 42000, "as_of": "2019-07-01"}})
    while view["status"] == "asking" and view["phase"] == "decide":
        view = _answer(client, auth, view["id"], view["question"]["id"], not_sure=True).get_json()
    view = client.post(f"/v1/interviews/{view['id']}/refine", headers=auth).get_json()
    topics = []
    for _ in range(60):
        if view["status"] == "done":
            break
        q = view["question"]
        topics.append(K.questions[q["id"]]["topic"])
        view = _answer(client, auth, view["id"], q["id"], not_sure=True).get_json()
    assert view["status"] == "done" and view["phase"] == "refine"
    # a topic at a time: once left, a topic does not come back
    runs = [t for i, t in enumerate(topics) if i == 0 or topics[i - 1] != t]
    assert len(runs) == len(set(runs))
    assert not [t for t in view["topics"] if not t["skipped"]]
