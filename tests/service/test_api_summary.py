"""/v1/assessments/{id}/summary: the summary for partners as JSON, or as a PDF of at most two A4 pages."""
from __future__ import annotations

import re

import pytest

FACTS = {"population": 42000, "as_of": "2019-07-01", "operating_model": "lead_provider",
         "practices_are_partnerships": True, "priority_nhs_pension": True}


@pytest.fixture
def assessment(client, auth):
    return client.post("/v1/assessments", json=FACTS, headers=auth).get_json()


def url(a):
    return f"/v1/assessments/{a['id']}/summary"


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_json_summary_has_the_decision_why_risks_next_steps_answers_and_sources(client, auth, assessment):
    r = client.get(url(assessment), headers=auth)
    assert r.status_code == 200 and r.mimetype == "application/json"
    s = r.get_json()
    assert s["decision"]["headline"] == assessment["decision"]["headline"]
    assert s["meta"]["rules_version"] == assessment["rules_version"] and s["meta"]["assessment_id"] == assessment["id"]
    assert s["meta"]["made"] == assessment["created_at"][:10]
    assert [p["text"] for p in s["next_steps"]] == [n["text"] for n in assessment["decision"]["next_steps"]]
    assert {"42,000 patients", "Lead provider (lead practice)", "yes"} <= {p["text"] for p in s["answers"]}
    assert any(c["label"].startswith("Your local medical committee") for c in s["contacts"])
    # every cited point refers to a numbered source, named by its title, not its file
    numbers = {x["n"] for x in s["sources"]}
    assert all(p["ref"] in numbers for part in ("why", "risks", "next_steps", "contacts") for p in s[part] if p["ref"])
    assert all(not x["title"].endswith(".txt") for x in s["sources"])


@pytest.mark.parametrize("how", [{"headers": {"Accept": "application/pdf"}}, {"query_string": {"format": "pdf"}}])
def test_pdf_by_accept_or_format_fits_on_two_a4_pages(client, auth, assessment, how):
    headers = {**auth, **how.get("headers", {})}
    r = client.get(url(assessment), headers=headers, query_string=how.get("query_string"))
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF") and 1 <= pages(r.data) <= 2
    assert b"/MediaBox [0 0 595.28 841.89]" in r.data      # A4


def test_unknown_assessment_is_404_and_a_bad_format_422(client, auth, assessment):
    assert client.get("/v1/assessments/" + "f" * 32 + "/summary", headers=auth).status_code == 404
    r = client.get(url(assessment), headers=auth, query_string={"format": "docx"})
    assert r.status_code == 422 and "format" in r.get_json()["errors"]


def test_the_route_is_in_the_openapi_document(client):
    doc = client.get("/openapi.json").get_json()
    op = doc["paths"]["/v1/assessments/{assessment_id}/summary"]["get"]
    assert set(op["responses"]["200"]["content"]) == {"application/json", "application/pdf"}
