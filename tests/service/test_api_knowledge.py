"""/v1/knowledge: questions, rules (ids, descriptions, dates, citations) and the operating models."""
from __future__ import annotations

import datetime as dt

from engine import default_engine


def test_questions_are_every_question_in_knowledge(client, auth):
    body = client.get("/v1/knowledge/questions", headers=auth).get_json()
    k = default_engine().knowledge
    assert body["rules_version"] == k.rules_version
    assert [q["id"] for q in body["questions"]] == list(k.questions)
    for q in body["questions"]:
        assert q["prompt"] and q["type"] and q["citation"]["source"] and "_file" not in q


def test_rules_have_ids_descriptions_dates_and_citations(client, auth):
    body = client.get("/v1/knowledge/rules", headers=auth).get_json()
    k = default_engine().knowledge
    assert [r["id"] for r in body["rules"]] == [r["id"] for r in k.rules]
    for r, src in zip(body["rules"], k.rules):
        assert {"id", "description", "model", "from", "until", "file", "concludes", "citation"} <= set(r)
        assert r["citation"]["source"] and r["citation"]["section"]
        for key in ("from", "until"):
            if src.get(key):
                assert r[key] == src[key].isoformat()
                dt.date.fromisoformat(r[key])
            else:
                assert r[key] is None


def test_models_are_the_five_with_their_risks(client, auth):
    body = client.get("/v1/knowledge/models", headers=auth).get_json()
    k = default_engine().knowledge
    assert [m["id"] for m in body["models"]] == list(k.models)
    assert len(body["models"]) == 5
    for m in body["models"]:
        assert m["name"] and m["summary"] and m["citation"]["source"]
        for risk in m["risks"]:
            rule = k.rule(risk["rule"])
            assert rule.get("model") in (m["id"], "any") and rule["then"]["flag"]
            assert risk["severity"] in ("info", "warning", "blocker") and risk["citation"]
    assert any(m["risks"] for m in body["models"])
