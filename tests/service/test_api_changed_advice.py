"""GET /v1/triage/changed-advice: an adviser key's LMC sees, per organisation it serves, the practices
whose advice changed when the guidance was updated; `?org=` another organisation is a 404, a name that
cannot be an organisation a 422 naming `org`, and a practice's key a 403; on SQLite and PostgreSQL."""
from __future__ import annotations

from core.db import shared_db_engine
from tests.core.test_changed_advice import changed_world
from tests.service.conftest import new_key

PATH = "/v1/triage/changed-advice"


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_an_adviser_sees_the_changed_practices_of_the_organisations_their_lmc_serves(client, db_url):
    w = changed_world(shared_db_engine(db_url))
    _, adviser = new_key(db_url, "adviser", w.lmc)
    r = client.get(PATH, headers=bearer(adviser))
    assert r.status_code == 200
    [group] = r.get_json()["organisations"]
    assert (group["org"], group["changed"]) == (w.north, 1)
    [item] = group["practices"]
    assert (item["assessment_id"], item["previous_id"], item["what"]) == (w.new_ids["north"], w.old_ids["north"], ["funding"])
    assert item["funding_total"]["delta"] > 0 and item["told_at"] is None
    assert client.get(PATH, query_string={"org": w.north}, headers=bearer(adviser)).get_json() == r.get_json()


def test_another_organisation_is_a_404_and_a_practice_key_a_403(client, db_url):
    w = changed_world(shared_db_engine(db_url))
    _, adviser = new_key(db_url, "adviser", w.lmc)
    for org in (w.south, f"nobody-{w.tag}"):      # exists or not: the same answer
        r = client.get(PATH, query_string={"org": org}, headers=bearer(adviser))
        assert r.status_code == 404 and "org" in r.get_json()["errors"]
    _, south_adviser = new_key(db_url, "adviser", w.south)
    seen = client.get(PATH, headers=bearer(south_adviser)).get_json()["organisations"]
    assert [g["org"] for g in seen] == [w.south]
    assert [i["assessment_id"] for i in seen[0]["practices"]] == [w.new_ids["south"]]
    _, practice = new_key(db_url, "assess", w.north)
    assert client.get(PATH, headers=bearer(practice)).status_code == 403
    assert client.get(PATH).status_code == 401


def test_bad_queries_name_the_field(client, db_url):
    _, adviser = new_key(db_url, "adviser", "default")
    for query, field in (({"org": "Not An Org!"}, "org"), ({"limit": 0}, "limit"), ({"limit": "many"}, "limit")):
        r = client.get(PATH, query_string=query, headers=bearer(adviser))
        assert r.status_code == 422 and field in r.get_json()["errors"], (query, r.get_json())
