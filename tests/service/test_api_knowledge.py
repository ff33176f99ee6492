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


def test_rules_say_their_basis_and_the_disagreements_they_depend_on(client, auth):
    rules = {r["id"]: r for r in client.get("/v1/knowledge/rules", headers=auth).get_json()["rules"]}
    assert {r["basis"] for r in rules.values()} <= {"source", "derived", "judgement"}
    assert rules["population_within_range"]["basis"] == "source"
    assert rules["chosen_model_unavailable"]["basis"] == "judgement"
    assert rules["federation_liability_priority_fit"]["basis"] == "judgement"
    assert rules["cd_external_candidate"]["disagreements"] == ["clinical_director_from_network_gps"]
    assert rules["workforce_roles_2019_large"]["disagreements"] == ["roles_double_at_exactly_100k"]
    assert rules["population_unknown"]["disagreements"] == []
    models = client.get("/v1/knowledge/models", headers=auth).get_json()["models"]
    risks = {r["rule"]: r for m in models for r in m["risks"]}
    assert risks["super_practice_multiple_practices"]["basis"] == "judgement"
    assert risks["federation_pension_access_risk"]["basis"] == "source"


def test_disagreements_list_every_one_with_what_each_source_says(client, auth):
    resp = client.get("/v1/knowledge/disagreements", headers=auth)
    body = resp.get_json()
    k = default_engine().knowledge
    assert resp.status_code == 200 and body["rules_version"] == k.rules_version
    assert [d["id"] for d in body["disagreements"]] == [d["id"] for d in k.disagreements]
    for d in body["disagreements"]:
        assert d["topic"] and d["we_follow"] and d["why"] and isinstance(d["affects"], list)
        assert d["sources"] and all(s["says"] and s["citation"]["section"] for s in d["sources"])
        assert "_file" not in d and all("_file" not in s["citation"] for s in d["sources"])
    by_id = {d["id"]: d for d in body["disagreements"]}
    assert by_id["funding_examples_30k_total"]["printed"] == [
        {"funding": "total", "contract_year": "2019/20", "population": 30000, "value": 92595}]
    assert by_id["roles_double_at_exactly_100k"]["when"] == [{"population": 100000}]


def test_disagreements_need_a_key_and_are_in_the_openapi_document(client, auth):
    assert client.get("/v1/knowledge/disagreements").status_code == 401
    doc = client.get("/openapi.json").get_json()
    assert "/v1/knowledge/disagreements" in doc["paths"]
    schemas = doc["components"]["schemas"]
    assert "basis" in schemas["Rule"]["properties"] and "disagreements" in schemas["Assessment"]["properties"]


def test_an_assessment_over_http_carries_its_disagreements_and_printed_figures(client, auth):
    body = client.post("/v1/assessments", json={"population": 30000, "as_of": "2019-07-01"}, headers=auth).get_json()
    assert "funding_examples_30k_total" in [d["id"] for d in body["disagreements"]]
    assert body["funding"]["printed"]["total"]["printed"] == 92595 and body["funding"]["total"] == 137550
