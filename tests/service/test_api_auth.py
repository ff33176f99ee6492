"""Bearer API keys: 401 for missing, wrong or revoked keys; public probes and OpenAPI need none."""
from __future__ import annotations

import pytest

from core.api_keys import SCOPE_GRANTS, hash_key, revoke_key
from core.db import session_scope, shared_db_engine

PROTECTED = [("post", "/v1/assessments"), ("get", "/v1/assessments/abc"), ("post", "/v1/assessments/batch"),
             ("get", "/v1/assessments/abc/checklist"), ("patch", "/v1/assessments/abc/checklist/x"),
             ("get", "/v1/knowledge/questions"), ("get", "/v1/knowledge/rules"), ("get", "/v1/knowledge/models")]


def assert_401(resp):
    assert resp.status_code == 401, resp.data
    assert resp.mimetype == "application/problem+json"
    assert "Authorization" in resp.get_json()["errors"]
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("method, path", PROTECTED)
@pytest.mark.parametrize("header", [None, "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer pcn_wrong", "pcn_abc"])
def test_missing_or_wrong_key_is_401(client, method, path, header):
    headers = {"Authorization": header} if header is not None else {}
    assert_401(getattr(client, method)(path, headers=headers, json={}))


def test_auth_is_checked_before_the_body(client):
    assert_401(client.post("/v1/assessments", data="{not json", content_type="application/json"))


def test_revoked_key_stops_working(client, db_url, make_key):
    name, key = make_key()
    headers = {"Authorization": f"Bearer {key}"}
    assert client.post("/v1/assessments", json={}, headers=headers).status_code == 201
    with session_scope(shared_db_engine(db_url)) as s:
        revoke_key(s, name)
    assert_401(client.post("/v1/assessments", json={}, headers=headers))
    assert_401(client.get("/v1/knowledge/rules", headers=headers))


@pytest.mark.parametrize("scope", sorted(SCOPE_GRANTS))
def test_every_scope_may_assess(client, make_key, scope):
    _, key = make_key(scope)
    assert client.post("/v1/assessments", json={}, headers={"Authorization": f"Bearer {key}"}).status_code == 201


def test_only_the_hash_is_stored(db_url, make_key):
    from sqlalchemy import select

    from core.records import ApiKey

    name, key = make_key()
    with session_scope(shared_db_engine(db_url)) as s:
        row = s.scalars(select(ApiKey).where(ApiKey.name == name)).one()
        assert row.key_hash == hash_key(key) and key not in row.key_hash
        assert row.scope == "assess" and row.revoked_at is None


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.json", "/docs"])
def test_public_paths_need_no_key(client, path):
    assert client.get(path).status_code == 200
