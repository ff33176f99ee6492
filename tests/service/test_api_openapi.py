"""Health probes, the OpenAPI document (generated from knowledge/), the docs page, error shapes."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml

from engine import default_engine
from engine.knowledge import default_dir
from service import create_app


def test_healthz(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ok"}


def test_readyz_reports_the_database_and_revision(client, db_url):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready" and body["database"] == db_url.split(":")[0].split("+")[0]
    assert body["revision"]


def test_readyz_is_503_when_the_database_is_unreachable():
    app = create_app({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"})
    resp = app.test_client().get("/readyz")
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"
    assert "database" in resp.get_json()["errors"]


def test_openapi_document_has_every_endpoint_and_every_question(client):
    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    assert {"/v1/assessments", "/v1/assessments/{assessment_id}", "/v1/assessments/batch",
            "/v1/assessments/{assessment_id}/checklist", "/v1/assessments/{assessment_id}/checklist/{item_id}",
            "/v1/knowledge/questions", "/v1/knowledge/rules", "/v1/knowledge/models", "/healthz", "/readyz"} <= set(paths)
    facts = doc["components"]["schemas"]["Facts"]
    assert set(facts["properties"]) == set(default_engine().knowledge.questions)
    assert facts["additionalProperties"] is False
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert paths["/healthz"]["get"]["security"] == []
    for item in paths.values():
        for method, op in item.items():
            if method in ("get", "post", "patch", "put", "delete"):
                assert op["summary"], op  # every view has a one-line docstring
    problem = doc["components"]["responses"]["UNPROCESSABLE_ENTITY"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_a_new_question_appears_in_the_api_without_code_changes(tmp_path):
    kdir = tmp_path / "knowledge"
    shutil.copytree(default_dir(), kdir)
    doc = yaml.safe_load((kdir / "questions.yaml").read_text())
    cite = default_engine().knowledge.questions["population"]["citation"]
    doc["questions"].append({"id": "practices_share_a_building", "type": "boolean", "topic": "geography",
                             "prompt": "Do the practices share a building?", "help": "Yes or no.",
                             "why": "Testing.", "citation": dict(cite)})
    (kdir / "questions.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    app = create_app({"KNOWLEDGE_DIR": str(kdir), "DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}"})
    spec = app.test_client().get("/openapi.json").get_json()
    field = spec["components"]["schemas"]["Facts"]["properties"]["practices_share_a_building"]
    assert field["type"] == "boolean" and field["nullable"] is True
    assert "Do the practices share a building?" in field["description"]


def test_docs_page_uses_no_external_urls(client):
    resp = client.get("/docs")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    assert not re.search(r"https?://", page)
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert ref.startswith("/"), ref
        assert client.get(ref).status_code == 200, ref
    assert client.get("/docs/assets/../../etc/passwd").status_code == 404


@pytest.mark.parametrize("path", ["/nowhere", "/v1", "/v1/assessments/x/y/z"])
def test_unknown_routes_are_problem_404(client, path):
    resp = client.get(path)
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    assert resp.get_json()["errors"]


def test_unexpected_errors_are_500_problems_without_internals(db_url):
    app = create_app({"DATABASE_URL": db_url})

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    resp = app.test_client().get("/boom")
    assert resp.status_code == 500 and resp.mimetype == "application/problem+json"
    assert "secret" not in resp.get_data(as_text=True) and resp.get_json()["errors"]


def test_documented_limits_are_the_enforced_ones(client, auth):
    """Each limit the document gives is exactly where the service starts refusing."""
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    facts, practice = schemas["Facts"]["properties"], schemas["Practice"]["properties"]

    def status(body):
        return client.post("/v1/assessments", json=body, headers=auth).status_code

    top = practice["list_size"]["maximum"]
    assert status({"practices": [{"list_size": top}]}) == 201
    assert status({"practices": [{"list_size": top + 1}]}) == 422
    most = facts["practices"]["maxItems"]
    assert status({"practices": [{"list_size": 1}] * most}) == 201
    assert status({"practices": [{"list_size": 1}] * (most + 1)}) == 422
    top = facts["population"]["maximum"]
    assert status({"population": top}) == 201 and status({"population": top + 1}) == 422
    longest = practice["name"]["maxLength"]
    assert status({"practices": [{"list_size": 1, "name": "n" * longest}]}) == 201
    assert status({"practices": [{"list_size": 1, "name": "n" * (longest + 1)}]}) == 422


def test_whole_numbers_and_text_rules_are_documented_as_enforced(client, auth):
    """Integral floats are whole numbers for every integer fact; NUL is refused wherever the pattern says."""
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    facts, practice = schemas["Facts"]["properties"], schemas["Practice"]["properties"]
    assert "12000.0" in facts["population"]["description"] and "12000.0" in practice["list_size"]["description"]
    for body in ({"population": 42000.0}, {"practices": [{"list_size": 12000.0}]}):
        made = client.post("/v1/assessments", json=body, headers=auth)
        assert made.status_code == 201 and made.get_json()["facts"]["population"] in (42000, 12000)
    for body in ({"population": 42000.5}, {"practices": [{"list_size": 12000.5}]}):
        assert client.post("/v1/assessments", json=body, headers=auth).status_code == 422
    pattern = re.compile(practice["name"]["pattern"])
    assert pattern.search("Riverside") and not pattern.search("River\x00side")
    assert client.post("/v1/assessments", json={"practices": [{"list_size": 1, "name": "River\x00side"}]},
                       headers=auth).status_code == 422
    note = schemas["ItemPatch"]["properties"]["note"]
    assert note["pattern"] == practice["name"]["pattern"] and "NUL" in note["description"]


def test_batch_allows_only_post(client, auth):
    resp = client.get("/v1/assessments/batch", headers=auth)
    assert resp.status_code == 405 and "GET" not in resp.headers["Allow"] and "POST" in resp.headers["Allow"]
    assert "get" not in client.get("/openapi.json").get_json()["paths"]["/v1/assessments/batch"]
