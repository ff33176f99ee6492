"""POST /v1/questions: cited answers, "not found" with an offer of an adviser, and bad input named."""
from __future__ import annotations

import pytest


def test_a_question_gets_cited_guidance_and_source_passages(client, auth, sources):
    r = client.post("/v1/questions", json={"question": "Who chooses the clinical director?"}, headers=auth)
    body = r.get_json()
    assert r.status_code == 200 and body["found"] and body["sources_installed"]
    sections = [h["citation"]["section"] for h in body["guidance"] + body["sources"]]
    assert "Appointing a clinical director" in sections
    assert all(h["citation"]["source"] and h["text"] for h in body["guidance"] + body["sources"])
    assert body["rules"] and all(x["citation"]["section"] for x in body["rules"] + body["checklist"])


def test_an_answer_on_a_disputed_point_carries_the_disagreement(client, auth, sources):
    body = client.post("/v1/questions", json={"question": "When does the network DES start?"}, headers=auth).get_json()
    [d] = [x for x in body["disagreements"] if x["id"] == "des_start_date"]
    assert "1 July 2019" in d["we_follow"] and len(d["sources"]) == 3


def test_an_unanswerable_question_says_so_and_offers_an_adviser(client, auth):
    body = client.post("/v1/questions", json={"question": "What is the capital of France?"}, headers=auth).get_json()
    assert body["found"] is False and body["guidance"] == [] and body["sources"] == [] and body["disagreements"] == []
    assert body["offer_escalation"] and body["message"] and body["definitions"] == []   # offer_escalation is the one offer


@pytest.mark.parametrize("payload,status,field", [
    ({}, 422, "question"), ({"question": ""}, 422, "question"), ({"question": "   "}, 422, "question"),
    ({"question": 42}, 422, "question"), ({"question": "x" * 1001}, 422, "question"),
    ({"question": "a\u0000b"}, 422, "question"), ({"question": "ok?", "top": 3}, 422, "top"),
])
def test_bad_questions_name_the_field(client, auth, payload, status, field):
    r = client.post("/v1/questions", json=payload, headers=auth)
    assert r.status_code == status and r.mimetype == "application/problem+json" and field in r.get_json()["errors"]


def test_questions_need_a_key(client):
    assert client.post("/v1/questions", json={"question": "Who chooses the CD?"}).status_code == 401
