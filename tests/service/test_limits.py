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


@pytest.fixture
def every_front_end(db_url):
    """An app with the API, Slack, Telegram and the web pages, failures limited to 3 a minute, and the
    means to authenticate properly on each: (client, API key headers, adviser name)."""
    from core.db import session_scope, shared_db_engine
    from tests.fakes.slack_api import FakeSlackAPI
    from tests.fakes.slack_user import SECRET as SLACK_SECRET
    from tests.fakes.telegram_api import FakeTelegramAPI
    from tests.fakes.telegram_user import SECRET as TELEGRAM_SECRET
    from tests.service.conftest import new_key
    from tests.web.helpers import PASSWORD
    from web.users import create_user

    adviser = "Dr Limits " + uuid.uuid4().hex[:6]
    with session_scope(shared_db_engine(db_url)) as s:
        create_user(s, adviser, "adviser", PASSWORD)
    with FakeSlackAPI() as slack, FakeTelegramAPI() as telegram:
        app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "limits-test-secret-key-for-web-pages",
                          "PCN_AUTH_FAILURE_LIMIT": "3 per minute",
                          "SLACK_SIGNING_SECRET": SLACK_SECRET, "SLACK_BOT_TOKEN": "xoxb-test-token",
                          "SLACK_API_URL": slack.url, "TELEGRAM_BOT_TOKEN": "123:test-token",
                          "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET, "TELEGRAM_API_URL": telegram.url})
        yield app.test_client(), {"Authorization": f"Bearer {new_key(db_url)[1]}"}, adviser


def test_after_many_failures_from_an_address_valid_credentials_from_it_still_work(every_front_end):
    from tests.fakes.slack_api import command_body, signed_headers
    from tests.fakes.slack_user import SECRET as SLACK_SECRET
    from tests.fakes.telegram_api import message_update
    from tests.fakes.telegram_user import HEADER, new_id
    from tests.fakes.telegram_user import SECRET as TELEGRAM_SECRET
    from tests.web.helpers import PASSWORD, post

    client, good, adviser = every_front_end
    shared = from_address("10.44.0." + str(uuid.uuid4().int % 250))   # a trust's one address for everyone
    bad = [client.post("/v1/assessments", json=FACTS, headers={"Authorization": f"Bearer {uuid.uuid4().hex}"},
                       **shared).status_code for _ in range(30)]
    assert bad[:3] == [401] * 3 and set(bad[3:]) == {429}
    # everyone else at that address, with the right credentials, is not held back
    assert client.post("/v1/assessments", json=FACTS, headers=good, **shared).status_code == 201
    body, ct = command_body("U" + uuid.uuid4().hex[:8].upper(), "help")
    assert client.post("/slack/events", data=body, headers=signed_headers(SLACK_SECRET, body, ct),
                       **shared).status_code == 200
    update = message_update(new_id(), new_id(), "/start")
    assert client.post("/telegram/webhook", json=update, headers={HEADER: TELEGRAM_SECRET}, **shared).status_code == 200
    client.environ_base["REMOTE_ADDR"] = shared["environ_base"]["REMOTE_ADDR"]
    r = post(client, "/advisers/sign-in", {"name": adviser, "password": PASSWORD}, page="/advisers/sign-in")
    assert r.status_code == 302 and r.location.endswith("/advisers")
    # while failures from it are still refused, on every front end
    assert_429(client.get("/v1/knowledge/models", headers={"Authorization": "Bearer nope"}, **shared))
    assert client.post("/slack/events", data=body, headers=signed_headers("forged", body, ct), **shared).status_code == 429
    assert client.post("/telegram/webhook", json=update, headers={HEADER: "guess"}, **shared).status_code == 429
    r = post(client, "/advisers/sign-in", {"name": adviser, "password": "wrong password"}, page="/advisers/sign-in")
    assert r.status_code == 429 and "Too many" in r.text


def test_failures_from_two_instances_on_redis_make_one_count(db_url):
    storage = redis_url()
    one, two = (limited_app(db_url, PCN_AUTH_FAILURE_LIMIT="4 per minute", PCN_RATE_LIMIT_STORAGE=storage).test_client()
                for _ in range(2))
    guesser = from_address("10.77." + ".".join(str(b) for b in uuid.uuid4().bytes[:2]))  # a count of its own
    for client in (one, two, one, two):
        assert client.get("/v1/knowledge/models", headers={"Authorization": "Bearer guess"}, **guesser).status_code == 401
    assert_429(one.get("/v1/knowledge/models", headers={"Authorization": "Bearer guess"}, **guesser))
    assert_429(two.get("/v1/knowledge/models", headers={"Authorization": "Bearer guess"}, **guesser))


def test_an_unreachable_store_lets_requests_through_and_says_so_once_a_minute(db_url, auth, caplog):
    with socket.socket() as s:          # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = limited_app(db_url, PCN_RATE_LIMIT="2 per minute", PCN_AUTH_FAILURE_LIMIT="2 per minute",
                         PCN_RATE_LIMIT_STORAGE=f"redis://:hunter2@127.0.0.1:{port}/0").test_client()
    with caplog.at_level("WARNING"):
        assert [client.get("/v1/knowledge/models", headers=auth).status_code for _ in range(5)] == [200] * 5
        assert [client.get("/v1/knowledge/models").status_code for _ in range(3)] == [401] * 3
    warnings = [r.getMessage() for r in caplog.records if "rate-limit store" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert f"redis://127.0.0.1:{port}" in warnings[0] and "let through" in warnings[0] and "hunter2" not in warnings[0]


def test_with_memory_storage_the_log_says_the_limits_are_per_process(db_url, caplog):
    with caplog.at_level("WARNING"):
        limited_app(db_url, PCN_RATE_LIMIT="5 per minute")
    assert any("each worker process on its own" in r.getMessage() for r in caplog.records)


def test_one_address_cannot_flood_the_advisers_with_cases(db_url):
    from tests.web.helpers import finish_interview, post

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "limits-test-secret-key-for-web-pages",
                      "PCN_CASE_LIMIT": "3 per hour"})
    flooder = app.test_client()
    flooder.environ_base["REMOTE_ADDR"] = "10.55.0." + str(uuid.uuid4().int % 250)
    aid = finish_interview(flooder)
    answers = [post(flooder, "/ask/adviser", {"question": f"Question {i} about VAT?"}).status_code
               for i in range(3)]
    answers.append(post(flooder, f"/assessments/{aid}/adviser", {"note": "more"}, page=f"/assessments/{aid}").status_code)
    assert answers == [302, 302, 302, 429]
    # a practice elsewhere still can
    other = app.test_client()
    assert post(other, "/ask/adviser", {"question": "How is VAT handled?"}).status_code == 302
