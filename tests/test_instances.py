"""Two served instances on one PostgreSQL database, as behind a load balancer.

Both instances are migrated at the same moment from an empty schema, then started as `pcn serve`
(gunicorn, two workers each) with the same `PCN_SECRET_KEY`. Two Slack users, two web browsers and
two `/v1/interviews` clients then talk at the same time, every request going to the other instance
from the one before: each must reach its own result with its own answers, every answer applied
once, and a retried answer refused rather than applied again. Skipped without PostgreSQL.
"""
from __future__ import annotations

import itertools
import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text

from core.api_keys import create_key
from core.db import session_scope, shared_db_engine
from core.records import Assessment
from service.server import free_port, spawn, stop
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_user import SECRET, SlackUser, question_of
from tests.pg import empty_schema
from tests.web.helpers import finish_interview

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow   # four servers on a shared machine: `pytest -m "not slow"` leaves them out


class Reply:
    """An httpx response with the Flask test client's names the test helpers read."""

    def __init__(self, response: httpx.Response):
        self.response, self.status_code, self.headers = response, response.status_code, response.headers
        self.data, self.location = response.content, response.headers.get("location")

    def get_data(self, as_text: bool = False):
        return self.response.text if as_text else self.response.content

    def json(self):
        return self.response.json()


class Alternating:
    """One client (its own cookies) whose every request goes to the next instance in turn."""

    def __init__(self, ports: list[int], headers: dict | None = None):
        self.ports = itertools.cycle(ports)
        self.http = httpx.Client(follow_redirects=False, timeout=60, headers=headers)

    def url(self, path: str, port: int | None = None) -> str:
        return f"http://127.0.0.1:{port or next(self.ports)}{path}"

    def get(self, path: str, port: int | None = None) -> Reply:
        return Reply(self.http.get(self.url(path, port)))

    def post(self, path: str, data=None, headers=None, json=None, port: int | None = None) -> Reply:
        if isinstance(data, dict):
            return Reply(self.http.post(self.url(path, port), data=data, headers=headers))
        return Reply(self.http.post(self.url(path, port), content=data, headers=headers, json=json))


@pytest.fixture(scope="module")
def fresh_pg(pg_base_url):
    """An empty PostgreSQL schema of this module's own (dropped afterwards)."""
    with empty_schema(pg_base_url, "pcn_instances") as url:
        try:
            yield url
        finally:    # the servers are gone; close this process's pool before the schema is dropped
            shared_db_engine(url).dispose()


@pytest.fixture(scope="module")
def fake_slack():
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture(scope="module")
def instances(fresh_pg, fake_slack):
    """The ports of two instances on one database, migrated and started at the same time."""
    env = {**os.environ, "DATABASE_URL": fresh_pg, "PCN_SECRET_KEY": "shared-" + uuid.uuid4().hex,
           "SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": fake_slack.url}
    migrations = [subprocess.Popen([sys.executable, "-m", "engine.cli", "db", "upgrade"], env=env, cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0].decode() for p in migrations]
    assert [p.returncode for p in migrations] == [0, 0], outputs
    ports = [free_port(), free_port()]
    with ThreadPoolExecutor(2) as pool:
        servers = list(pool.map(lambda port: spawn(port, 2, 4, env=env, cwd=ROOT), ports))
    try:
        yield ports
    finally:
        for server in servers:
            stop(server)


def test_both_migrations_ran_to_head_once(instances, fresh_pg):
    from core.migrate import current_revision, head_revision

    assert current_revision(shared_db_engine(fresh_pg)) == head_revision()


def test_both_instances_build_the_answer_index_at_once(instances, fresh_pg):
    with session_scope(shared_db_engine(fresh_pg)) as s:
        key = create_key(s, "questions-" + uuid.uuid4().hex[:6], "assess")
    client = Alternating(instances, headers={"Authorization": f"Bearer {key}"})
    question = {"question": "Can a federation employ our clinical pharmacist?"}
    with ThreadPoolExecutor(4) as pool:   # the index is not built yet: four first questions at once
        replies = list(pool.map(lambda port: client.post("/v1/questions", json=question, port=port), instances * 2))
    assert [r.status_code for r in replies] == [200] * 4, [r.data[:300] for r in replies]
    assert all(r.json()["found"] for r in replies)
    assert len({str(r.json()["guidance"]) for r in replies}) == 1
    with session_scope(shared_db_engine(fresh_pg)) as s:
        assert s.execute(text("SELECT count(*) FROM answer_index_meta")).scalar() == 1


def slack_conversation(ports, fake, population: str) -> tuple[str, list]:
    user = SlackUser(Alternating(ports), fake, "U" + uuid.uuid4().hex[:10].upper())
    messages = user.run_to_result({"population": ("type", population)})
    return f"T0PCN:{user.user}", [question_of(m) for m in messages if question_of(m)]


def web_interview(ports, population: str) -> str:
    return finish_interview(Alternating(ports), population)


def api_interview(ports, key: str, population: int) -> dict:
    client = Alternating(ports, headers={"Authorization": f"Bearer {key}"})
    view = client.post("/v1/interviews", json={}).json()
    asked = []
    while view["status"] == "asking":
        qid = view["question"]["id"]
        asked.append(qid)
        answer = {"question": qid, "value": population} if qid == "population" else {"question": qid, "not_sure": True}
        first = client.post(f"/v1/interviews/{view['id']}/answers", json=answer)
        assert first.status_code == 200, first.data
        view = first.json()
        # the same answer sent again (a client's retry, to the other instance) is refused, not applied twice
        if view["status"] == "asking":
            again = client.post(f"/v1/interviews/{view['id']}/answers", json=answer)
            assert again.status_code == 409, again.data
    assert len(asked) == len(set(asked))
    return view


def test_two_instances_one_database_people_talking_at_once(instances, fake_slack, fresh_pg):
    with session_scope(shared_db_engine(fresh_pg)) as s:
        key = create_key(s, "instances-" + uuid.uuid4().hex[:6], "assess")
    with ThreadPoolExecutor(6) as pool:
        slack = [pool.submit(slack_conversation, instances, fake_slack, p) for p in ("about 20k", "about 61k")]
        web = [pool.submit(web_interview, instances, p) for p in ("23000", "64000")]
        api = [pool.submit(api_interview, instances, key, p) for p in (26000, 67000)]
        slack, web, api = ([f.result(timeout=600) for f in group] for group in (slack, web, api))

    with session_scope(shared_db_engine(fresh_pg)) as s:
        def population(**where):
            rows = s.scalars(select(Assessment).filter_by(**where)).all()
            assert len(rows) == 1, where     # one result each: nothing lost, nothing made twice
            return rows[0].facts.get("population")

        for (user_ref, asked), expected in zip(slack, (20000, 61000)):
            assert len(asked) == len(set(asked)), asked      # no question asked twice: no answer lost or doubled
            assert population(channel="slack", user_ref=user_ref) == expected
        for assessment_id, expected in zip(web, (23000, 64000)):
            assert population(id=assessment_id) == expected
        for view, expected in zip(api, (26000, 67000)):
            assert view["status"] == "done" and view["result"]["facts"]["population"] == expected
            assert population(id=view["assessment_id"]) == expected
