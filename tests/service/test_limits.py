"""Rate limits: per API key, failed authentication per address, the 429 problem with Retry-After, and
counts shared between instances through Redis."""
from __future__ import annotations

import socket
import uuid

import pytest

from service import create_app

FACTS = {"population": 42000, "as_of": "2020-06-01"}


def limited_app(db_url, **limits):
    return create_app({"DATABASE_URL": db_url, "TESTING": True, "FRONTENDS": set(), **limits})


def from_address(ip: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": ip}}


def assert_429(resp):
    assert resp.status_code == 429, resp.data
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["status"] == 429 and body["errors"]["client"]
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    return body


def test_each_api_key_has_its_own_allowance(db_url, make_key):
    client = limited_app(db_url, PCN_RATE_LIMIT="3 per minute").test_client()
    first = {"Authorization": f"Bearer {make_key()[1]}"}
    second = {"Authorization": f"Bearer {make_key()[1]}"}
    # one allowance across the API: assessments, knowledge, checklist all count
    assert client.post("/v1/assessments", json=FACTS, headers=first).status_code == 201
    assert client.get("/v1/knowledge/models", headers=first).status_code == 200
    assert client.get("/v1/knowledge/rules", headers=first).status_code == 200
    body = assert_429(client.post("/v1/assessments", json=FACTS, headers=first))
    assert "3 per minute" in body["detail"]
    assert client.post("/v1/assessments", json=FACTS, headers=second).status_code == 201
    # liveness and readiness are never limited
    assert all(client.get("/healthz").status_code == 200 for _ in range(5))


def test_guessing_keys_is_throttled_per_address(db_url, make_key):
    client = limited_app(db_url, PCN_AUTH_FAILURE_LIMIT="3 per minute").test_client()
    guesser = from_address("10.9.8.7")
    for _ in range(3):
        guess = {"Authorization": f"Bearer {uuid.uuid4().hex}"}
        assert client.post("/v1/assessments", json=FACTS, headers=guess, **guesser).status_code == 401
    assert_429(client.post("/v1/assessments", json=FACTS, headers={"Authorization": "Bearer x"}, **guesser))
    assert_429(client.get("/v1/knowledge/models", **guesser))      # no key at all: the same address
    # another address is not held back, and successes never count
    good = {"Authorization": f"Bearer {make_key()[1]}"}
    assert all(client.post("/v1/assessments", json=FACTS, headers=good, **from_address("10.1.1.1")).status_code == 201
               for _ in range(5))


def redis_url() -> str:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis not reachable on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/15"


def test_with_redis_two_instances_share_one_count(db_url, make_key):
    storage = redis_url()
    one, two = (limited_app(db_url, PCN_RATE_LIMIT="4 per minute", PCN_RATE_LIMIT_STORAGE=storage).test_client()
                for _ in range(2))
    auth = {"Authorization": f"Bearer {make_key()[1]}"}   # a fresh key: a count of its own
    for client in (one, two, one, two):
        assert client.get("/v1/knowledge/models", headers=auth).status_code == 200
    assert_429(one.get("/v1/knowledge/models", headers=auth))
    assert_429(two.get("/v1/knowledge/models", headers=auth))


def test_in_memory_each_instance_counts_on_its_own(db_url, make_key):
    one, two = (limited_app(db_url, PCN_RATE_LIMIT="2 per minute").test_client() for _ in range(2))
    auth = {"Authorization": f"Bearer {make_key()[1]}"}
    for client in (one, one, two, two):
        assert client.get("/v1/knowledge/models", headers=auth).status_code == 200
    assert_429(one.get("/v1/knowledge/models", headers=auth))


def test_off_means_no_limit(db_url, auth):
    client = limited_app(db_url, PCN_RATE_LIMIT="off").test_client()
    assert all(client.get("/v1/knowledge/models", headers=auth).status_code == 200 for _ in range(30))


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(db_url):
    client = limited_app(db_url, PCN_AUTH_FAILURE_LIMIT="1 per minute", PCN_TRUSTED_PROXIES="1").test_client()
    lb = from_address("10.0.0.1")      # the load balancer, the same for everyone
    assert client.get("/v1/knowledge/models", headers={"X-Forwarded-For": "192.0.2.1"}, **lb).status_code == 401
    assert client.get("/v1/knowledge/models", headers={"X-Forwarded-For": "192.0.2.2"}, **lb).status_code == 401
    assert_429(client.get("/v1/knowledge/models", headers={"X-Forwarded-For": "192.0.2.1"}, **lb))
