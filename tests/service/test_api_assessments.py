"""/v1/assessments: create, read back identically, batch, and every kind of bad input."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from core.db import session_scope, shared_db_engine
from core.records import Assessment
from engine import default_engine
from service import create_app

FACTS = {"population": 42000, "as_of": "2020-06-01"}


def post(client, auth, body=None, **kwargs):
    if body is not None:
        kwargs["json"] = body
    return client.post("/v1/assessments", headers=auth, **kwargs)


def assert_problem(resp, status: int, field: str):
    assert resp.status_code == status, resp.data
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["status"] == status and body["title"]
    assert field in body["errors"], body
    assert all(isinstance(m, str) for m in body["errors"][field])
    return body


def test_create_returns_201_with_id_location_and_the_engines_result(client, auth):
    resp = post(client, auth, FACTS)
    assert resp.status_code == 201
    body = resp.get_json()
    assert len(body["id"]) == 32 and body["channel"] == "http"
    assert resp.headers["Location"].endswith(f"/v1/assessments/{body['id']}")
    expected = default_engine().assess(FACTS, explain=True)
    assert {k: v for k, v in body.items() if k not in ("id", "created_at", "channel")} == expected


def test_round_trip_get_returns_identical_json(client, auth):
    created = post(client, auth, {"population": 25000, "exceptional_circumstances": True})
    fetched = client.get(created.headers["Location"], headers=auth)
    assert fetched.status_code == 200
    assert fetched.get_json() == created.get_json()
    assert fetched.data == created.data  # byte for byte, key order included


def test_created_assessment_is_stored_once_with_its_columns(client, auth, db_url):
    body = post(client, auth, FACTS).get_json()
    with session_scope(shared_db_engine(db_url)) as s:
        rows = s.scalars(select(Assessment).where(Assessment.id == body["id"])).all()
        assert len(rows) == 1
        row = rows[0]
        assert row.facts == FACTS and row.channel == "http" and row.user_ref is None
        assert row.rules_version == body["rules_version"] and row.contract_year == "2020/21"


def test_null_means_unknown_not_false(client, auth):
    body = post(client, auth, {"population": None, "exceptional_circumstances": None}).get_json()
    assert "population" not in body["facts"] and "exceptional_circumstances" not in body["facts"]
    assert body["eligibility"]["status"] == "unknown"


def test_unknown_id_is_404_naming_the_id(client, auth):
    assert_problem(client.get("/v1/assessments/0123456789abcdef0123456789abcdef", headers=auth), 404, "assessment_id")
    assert_problem(client.get("/v1/assessments/" + "x" * 300, headers=auth), 404, "assessment_id")
    # text a database would choke on is simply an unknown id
    for odd in ("ab%00cd", "%ED%A0%80", "%F0%9F%98%80", "a%20b"):
        assert_problem(client.get(f"/v1/assessments/{odd}", headers=auth), 404, "assessment_id")
        assert_problem(client.get(f"/v1/assessments/{odd}/checklist", headers=auth), 404, "assessment_id")


@pytest.mark.parametrize("body, field", [
    ({"population": "many"}, "population"),                      # wrong type
    ({"population": 42000.5}, "population"),                     # not whole
    ({"population": True}, "population"),                        # a boolean is not a number
    ({"population": -1}, "population"),                          # out of range
    ({"population": 10 ** 30}, "population"),                    # far out of range
    ({"operating_model": "co_op"}, "operating_model"),           # unknown enum value
    ({"exceptional_circumstances": "yes"}, "exceptional_circumstances"),
    ({"as_of": "first of April"}, "as_of"),
    ({"as_of": 20200401}, "as_of"),
    ({"no_such_question": 1}, "no_such_question"),               # unknown field
    ({"practices": "three"}, "practices"),
    ({"practices": [{"name": "A", "list_size": -3}]}, "practices"),
    ({"practices": [{"name": "A"}]}, "practices"),
    ({"practices": [{"list_size": 5, "colour": "red"}]}, "practices"),
    ({"practices": [{"name": "A\x00", "list_size": 5}]}, "practices"),         # NUL: no database keeps it
    ({"practices": [{"name": "\ud800", "list_size": 5}]}, "practices"),        # lone surrogate
    ({"practices": [{"list_size": 5000}], "population": 7000}, "population"),  # caught by the engine
    ([1, 2], "body"),
    ("facts", "body"),
])
def test_invalid_facts_are_422_naming_the_field(client, auth, body, field):
    assert_problem(post(client, auth, body), 422, field)


def test_several_bad_fields_are_all_named(client, auth):
    body = assert_problem(post(client, auth, {"population": -1, "operating_model": "x", "bogus": 1}), 422, "population")
    assert {"population", "operating_model", "bogus"} <= set(body["errors"])


def test_malformed_json_is_400(client, auth):
    assert_problem(post(client, auth, data='{"population": 4', content_type="application/json"), 400, "body")
    assert_problem(post(client, auth, data=b"\xff\xfe{}", content_type="application/json"), 400, "body")


def test_empty_body_is_400(client, auth):
    assert_problem(post(client, auth, data="", content_type="application/json"), 400, "body")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_wrong_content_type_is_415(client, auth, content_type):
    kwargs = {"data": json.dumps(FACTS)}
    if content_type:
        kwargs["content_type"] = content_type
    assert_problem(post(client, auth, **kwargs), 415, "Content-Type")


def test_body_over_1mb_is_413(client, auth):
    big = json.dumps({"practices": [{"name": "x" * 100, "list_size": 1}] * 12000})
    assert len(big) > 1024 * 1024
    assert_problem(post(client, auth, data=big, content_type="application/json"), 413, "body")


@pytest.mark.parametrize("method, path", [
    ("delete", "/v1/assessments"), ("get", "/v1/assessments"), ("put", "/v1/assessments/abc"),
    ("delete", "/v1/assessments/abc"), ("get", "/v1/assessments/batch"), ("put", "/v1/assessments/batch"),
])
def test_wrong_method_is_405_allowing_only_what_works(client, auth, method, path):
    resp = getattr(client, method)(path, headers=auth)
    body = assert_problem(resp, 405, "method")
    assert body["detail"]
    allowed = {m.strip() for m in resp.headers["Allow"].split(",")} - {"OPTIONS", "HEAD"}
    for other in allowed:  # every method the Allow header names reaches a view (no "no such route")
        answer = getattr(client, other.lower())(path, headers=auth)
        assert answer.status_code != 405 and "path" not in (answer.get_json() or {}).get("errors", {})


def test_batch_results_in_order_valid_ones_stored_invalid_ones_with_their_errors(client, auth):
    items = [{"population": 31000}, {"population": -5}, 7, {"operating_model": "nope"}, {"population": 52000}]
    resp = client.post("/v1/assessments/batch", json={"items": items}, headers=auth)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["created"] == 2 and body["failed"] == 3
    assert [r["index"] for r in body["results"]] == list(range(5))
    assert [r["status"] for r in body["results"]] == [201, 422, 422, 422, 201]
    assert "population" in body["results"][1]["errors"]
    assert "item" in body["results"][2]["errors"]
    assert "operating_model" in body["results"][3]["errors"]
    for r in (body["results"][0], body["results"][4]):
        stored = client.get(r["location"], headers=auth).get_json()
        assert stored["id"] == r["id"] and stored["eligibility"]["status"] == r["eligibility"]
        assert "assessment" not in r
    assert client.get(body["results"][4]["location"], headers=auth).get_json()["facts"]["population"] == 52000


def test_batch_can_embed_each_whole_assessment(client, auth):
    resp = client.post("/v1/assessments/batch?include=assessment", json={"items": [{"population": 33000}, {}]},
                       headers=auth)
    for r in resp.get_json()["results"]:
        assert r["assessment"] == client.get(r["location"], headers=auth).get_json()
    bad = client.post("/v1/assessments/batch?include=everything", json={"items": [{}]}, headers=auth)
    assert_problem(bad, 422, "include")


def test_batch_over_1000_is_rejected_before_any_work(client, auth):
    items = [{"population": 30000 + i} for i in range(1001)]
    body = assert_problem(client.post("/v1/assessments/batch", json={"items": items}, headers=auth), 422, "items")
    assert "1000" in body["errors"]["items"][0]


def test_batch_limit_is_inclusive(db_url, auth):
    # A small limit keeps this fast; the limit itself is one setting (BATCH_LIMIT, default 1,000).
    client = create_app({"DATABASE_URL": db_url, "BATCH_LIMIT": 5}).test_client()
    resp = client.post("/v1/assessments/batch", json={"items": [{"population": 30000 + i} for i in range(5)]},
                       headers=auth)
    assert resp.status_code == 200 and resp.get_json()["created"] == 5
    assert_problem(client.post("/v1/assessments/batch", json={"items": [{}] * 6}, headers=auth), 422, "items")


@pytest.mark.parametrize("body, status, field", [
    ({"items": []}, 422, "items"), ({"items": "x"}, 422, "items"), ({}, 422, "items"),
    ({"items": [{}], "extra": 1}, 422, "extra"), ([], 422, "body"),
])
def test_batch_bad_envelope(client, auth, body, status, field):
    assert_problem(client.post("/v1/assessments/batch", json=body, headers=auth), status, field)


def test_batch_needs_json(client, auth):
    assert_problem(client.post("/v1/assessments/batch", data="items", headers=auth), 415, "Content-Type")


def test_batch_stores_nothing_for_invalid_items(client, auth, db_url):
    with session_scope(shared_db_engine(db_url)) as s:
        before = s.scalar(select(func.count()).select_from(Assessment))
    resp = client.post("/v1/assessments/batch", json={"items": [{"population": -1}, {"bogus": 2}]}, headers=auth)
    assert resp.get_json()["created"] == 0
    with session_scope(shared_db_engine(db_url)) as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == before


def test_a_big_batch_is_streamed_chunk_by_chunk_each_chunk_stored_before_it_is_sent(client, auth, db_url):
    from service.resources.assessments.routes import STREAM_CHUNK

    n = 2 * STREAM_CHUNK + 3
    items = [{"population": 30000 + i} if i % 7 else {"population": -i - 1} for i in range(n)]
    resp = client.post("/v1/assessments/batch?include=assessment", json={"items": items}, headers=auth,
                       buffered=False)
    assert resp.status_code == 200 and resp.is_streamed and resp.mimetype == "application/json"
    pieces = iter(resp.response)
    head = next(pieces)
    first = json.loads(b"[" + head.removeprefix(b'{"results":[') + b"]")
    # what the first piece reports is already committed, before the rest is assessed
    assert [r["index"] for r in first] == list(range(STREAM_CHUNK))
    with session_scope(shared_db_engine(db_url)) as s:
        ids = set(s.scalars(select(Assessment.id).where(Assessment.id.in_([r["id"] for r in first if "id" in r]))))
    assert ids == {r["id"] for r in first if r["status"] == 201}
    body = json.loads(b"".join([head, *pieces]))
    resp.close()
    assert [r["index"] for r in body["results"]] == list(range(n))
    assert body["failed"] == len([i for i in range(n) if not i % 7]) and body["created"] == n - body["failed"]
    last = body["results"][-1]
    assert last["assessment"]["facts"]["population"] == 30000 + n - 1
    assert client.get(last["location"], headers=auth).get_json() == last["assessment"]


def test_a_batch_whose_first_chunk_cannot_be_stored_is_a_problem_not_a_cut_off_200(client, auth, monkeypatch):
    from service.resources.assessments import routes

    def broken(engine, rows):
        raise RuntimeError("database down")

    monkeypatch.setattr(routes, "store_assessments", broken)
    resp = client.post("/v1/assessments/batch", json={"items": [{"population": 31000}]}, headers=auth)
    assert resp.status_code == 500 and resp.mimetype == "application/problem+json"


def test_a_registration_blocker_shows_in_the_status_and_the_documented_enum(client, auth):
    """A "no" to a registration item makes the status `blocked`, a value the OpenAPI enum documents."""
    body = post(client, auth, {"population": 42000, "as_of": "2019-07-01", "network_map_agreed": False}).get_json()
    assert body["eligibility"]["status"] == "blocked"
    assert "reg_map_missing" in {r["rule"] for r in body["eligibility"]["reasons"]}
    doc = client.get("/openapi.json").get_json()
    status = doc["components"]["schemas"]["Eligibility"]["properties"]["status"]
    assert "blocked" in status["enum"] and "blocked" in status["description"]


def test_the_extended_hours_duty_is_in_the_result(client, auth):
    body = post(client, auth, {"population": 42000, "as_of": "2019-07-01"}).get_json()
    [duty] = [d for d in body["duties"] if d["id"] == "extended_hours"]
    assert duty["hours_per_week"] == 21 and duty["citation"]["source"].startswith("001_")
