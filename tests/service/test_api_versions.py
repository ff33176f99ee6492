"""The HTTP side of knowledge versions: reproduce and reassess one assessment, list the versions kept
and what differs between two, the result page's banner once a web result was reassessed, and people
told once; another organisation gets 404, as everywhere.
"""
from __future__ import annotations

import pytest

from core.assessments import save_assessment
from core.db import session_scope, shared_db_engine
from core.notices import subscribe
from core.reassessing import run
from core.records import Assessment
from service import create_app
from tests.core.test_versions import knowledge_copy
from tests.service.conftest import new_key


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def apps(db_url, tmp_path_factory):
    """(the app on the old knowledge, the app after the update): one database, as after a deploy."""
    tmp = tmp_path_factory.mktemp("versions")
    config = {"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test-secret-" + "x" * 32}
    old = create_app(dict(config, KNOWLEDGE_DIR=str(knowledge_copy(tmp))))
    new = create_app(dict(config, KNOWLEDGE_DIR=str(knowledge_copy(tmp, "1.60"))))
    return old, new


def test_reproduce_and_reassess_one_assessment_over_http(apps, db_url):
    old, new = apps
    _, key = new_key(db_url)
    made = old.test_client().post("/v1/assessments", json={"population": 42000, "as_of": "2019-07-01"},
                                  headers=bearer(key)).get_json()
    client = new.test_client()
    r = client.get(f"/v1/assessments/{made['id']}/reproduce", headers=bearer(key))
    assert r.status_code == 200 and r.get_json()["identical"] is True
    assert r.get_json()["rules_version"] == made["rules_version"]
    r = client.post(f"/v1/assessments/{made['id']}/reassess", headers=bearer(key))
    body = r.get_json()
    assert r.status_code == 201 and body["previous_id"] == made["id"] and r.headers["Location"].endswith(body["assessment_id"])
    line = body["changes"]["funding"]["network_payment"]
    assert line["delta"] == pytest.approx(line["after"] - line["before"]) and line["delta"] > 0
    fresh = client.get(f"/v1/assessments/{body['assessment_id']}", headers=bearer(key)).get_json()
    assert fresh["rules_version"] != made["rules_version"]
    # another organisation's key sees none of it
    _, stranger = new_key(db_url, org="elsewhere")
    for method, path in (("get", "reproduce"), ("post", "reassess")):
        assert getattr(client, method)(f"/v1/assessments/{made['id']}/{path}", headers=bearer(stranger)).status_code == 404


def test_the_versions_kept_and_what_differs_between_them(apps, db_url):
    old, new = apps
    _, key = new_key(db_url)
    client = new.test_client()
    listed = client.get("/v1/knowledge/versions", headers=bearer(key)).get_json()["versions"]
    by_version = {v["rules_version"]: v for v in listed}
    from core import plugins

    a, b = plugins.rules_engine(old).rules_version, plugins.rules_engine(new).rules_version
    assert a in by_version and b in by_version and by_version[b]["current"]
    d = client.get(f"/v1/knowledge/versions/{a}/diff/{b}", headers=bearer(key)).get_json()
    assert d["parameters"]["changed"] == ["network_payment_per_patient"] and d["rules"]["changed"] == []
    assert client.get(f"/v1/knowledge/versions/{a}/diff/nosuchversion", headers=bearer(key)).status_code == 404
    assert client.get("/v1/knowledge/versions").status_code == 401


def test_a_reassessed_web_result_shows_the_banner_and_people_are_told_once(apps, db_url):
    old, new = apps
    from core import plugins

    before, after = plugins.rules_engine(old), plugins.rules_engine(new)
    db = shared_db_engine(db_url)
    with session_scope(db) as s:
        row = save_assessment(s, {"population": 50000, "as_of": "2019-07-01"},
                              before.assess({"population": 50000, "as_of": "2019-07-01"}), "web", user_ref="someone")
    told = []
    subscribe(new, told.append, name="web")
    from core.notices import notifier
    run(db, after, notify=notifier(new))
    mine = [i for batch in told for i in batch if i["previous_id"] == row.id]
    assert len(mine) == 1 and mine[0]["channel"] == "web"
    run(db, after, notify=notifier(new))           # a second run tells nobody again
    assert len([i for batch in told for i in batch if i["previous_id"] == row.id]) == 1
    page = new.test_client().get(f"/assessments/{row.id}").get_data(as_text=True)
    with session_scope(db) as s:
        later = s.query(Assessment).filter(Assessment.previous_id == row.id).one()
        assert later.notified_at is not None
    assert "The guidance behind this result has changed" in page and f"/assessments/{later.id}" in page
    assert "the funding figures" in page
