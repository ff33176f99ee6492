"""Who sees what over the API: every route taking an id answers another organisation's id exactly as a
missing one (404), advisers see the organisations their LMC serves, and ticks record the key.

The routes are read from the app's url_map: a new route taking an id fails `test_every_id_route_is_covered`
until it is added to ROUTES (and so checked here), on SQLite and PostgreSQL.
"""
from __future__ import annotations

import re
import uuid

import pytest

from core.assessments import save_assessment
from core.db import session_scope, shared_db_engine
from core.orgs import serve, unserve
from engine import default_engine

FACTS = {"population": 20000, "as_of": "2020-02-20", "operating_model": "federation"}
ID_ARGS = {"assessment_id", "case_id", "interview_id"}
MISSING = {"assessment_id": "f" * 32, "case_id": 2**31 - 1, "interview_id": "no-such-interview"}

#: (method, rule as in the url_map, JSON body or None, query string, who may use it: practice | adviser)
ROUTES = [
    ("GET", "/v1/assessments/<assessment_id:assessment_id>", None, None, "practice"),
    ("GET", "/v1/assessments/<string:assessment_id>/checklist", None, None, "practice"),
    ("GET", "/v1/assessments/<string:assessment_id>/checklist", None, {"format": "markdown"}, "practice"),
    ("GET", "/v1/assessments/<string:assessment_id>/checklist", None, {"format": "csv"}, "practice"),
    ("GET", "/v1/assessments/<assessment_id:assessment_id>/reproduce", None, None, "practice"),
    ("POST", "/v1/assessments/<assessment_id:assessment_id>/reassess", None, None, "practice"),
    ("GET", "/v1/assessments/<string:assessment_id>/summary", None, None, "practice"),
    ("GET", "/v1/assessments/<string:assessment_id>/summary", None, {"format": "pdf"}, "practice"),
    ("PATCH", "/v1/assessments/<string:assessment_id>/checklist/<string:item_id>", {"done": True}, None, "practice"),
    ("POST", "/v1/assessments/<string:assessment_id>/what-if", {"changes": {"population": 50000}}, None, "practice"),
    ("POST", "/v1/assessments/<string:assessment_id>/escalate", {"note": "help"}, None, "practice"),
    ("GET", "/v1/assessments/<string:assessment_id>/cases", None, None, "practice"),
    ("GET", "/v1/triage/cases/<int:case_id>", None, None, "adviser"),
    ("POST", "/v1/triage/cases/<int:case_id>/claim", None, None, "adviser"),
    ("POST", "/v1/triage/cases/<int:case_id>/resolve", {"note": "Speak to the CCG."}, None, "adviser"),
    ("GET", "/v1/interviews/<string:interview_id>", None, None, "practice"),
    ("POST", "/v1/interviews/<string:interview_id>/answers", {"question": "population", "value": 30000}, None,
     "practice"),
    ("POST", "/v1/interviews/<string:interview_id>/back", None, None, "practice"),
    ("POST", "/v1/interviews/<string:interview_id>/refine", None, None, "practice"),
    ("POST", "/v1/interviews/<string:interview_id>/change", {"question": "population"}, None, "practice"),
]


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def fill(rule: str, ids: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule)


def call(client, method: str, rule: str, ids: dict, body, query, headers):
    return client.open(fill(rule, ids), method=method, json=body, query_string=query, headers=headers)


def scrub(body, rule: str, used: dict):
    """A problem document with the ids a request used (those in `rule`) put as ID: whole values and
    whole words only, so a case id of 4 leaves the status 404 alone, whatever ids a run generates."""
    wanted = [str(used[arg]) for arg in ID_ARGS if arg in rule]
    words = re.compile("|".join(rf"(?<![0-9A-Za-z_-]){re.escape(w)}(?![0-9A-Za-z_-])" for w in wanted))

    def walk(value):
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str):
            return words.sub("ID", value)
        return "ID" if not isinstance(value, bool) and str(value) in wanted else value
    return walk(body)


def test_scrubbing_ids_leaves_the_rest_of_the_answer_alone():
    rule = "/v1/triage/cases/<int:case_id>"
    found = scrub({"status": 404, "detail": "no case 4 (404)", "errors": {"case_id": ["no case 4"]}, "n": 4}, rule,
                  {"case_id": 4})
    assert found == {"status": 404, "detail": "no case ID (404)", "errors": {"case_id": ["no case ID"]}, "n": "ID"}


@pytest.fixture(scope="module")
def world(app, db_url, make_key):
    """Two practices' organisations (A, B), an LMC serving A, and another LMC serving B; A's assessment,
    case and interview."""
    tag = uuid.uuid4().hex[:8]
    org_a, org_b, lmc, other_lmc = (f"{n}-{tag}" for n in ("org-a", "org-b", "lmc", "lmc-other"))
    with session_scope(shared_db_engine(db_url)) as s:
        serve(s, lmc, org_a)
        serve(s, other_lmc, org_b)
    keys = {"a": make_key("assess", org_a), "a2": make_key("assess", org_a), "b": make_key("assess", org_b),
            "lmc": make_key("adviser", lmc), "other_lmc": make_key("adviser", other_lmc)}
    client = app.test_client()
    a = client.post("/v1/assessments", json=FACTS, headers=bearer(keys["a"][1])).get_json()
    b = client.post("/v1/assessments", json=FACTS, headers=bearer(keys["b"][1])).get_json()
    case_a = client.post(f"/v1/assessments/{a['id']}/escalate", headers=bearer(keys["a"][1])).get_json()["cases"][0]
    case_b = client.post(f"/v1/assessments/{b['id']}/escalate", headers=bearer(keys["b"][1])).get_json()["cases"][0]
    interview = client.post("/v1/interviews", json={}, headers=bearer(keys["a"][1])).get_json()
    ids = {"assessment_id": a["id"], "item_id": a["checklist"][0]["id"], "case_id": case_a["id"],
           "interview_id": interview["id"]}
    return {"keys": keys, "ids": ids, "a": a, "b": b, "case_a": case_a, "case_b": case_b,
            "orgs": (org_a, org_b, lmc, other_lmc)}


def test_every_id_route_is_covered(app):
    covered = {(method, rule) for method, rule, *_ in ROUTES}
    taking_ids = {(method, rule.rule) for rule in app.url_map.iter_rules() if rule.rule.startswith("/v1/")
                  and rule.arguments & ID_ARGS for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert taking_ids - covered == set(), "add each route taking an id to ROUTES, with its ownership check"
    assert covered - taking_ids == set(), "ROUTES names a route the app no longer has"


@pytest.mark.parametrize("method, rule, body, query, who", ROUTES, ids=[f"{r[0]} {r[1]} {r[3] or ''}" for r in ROUTES])
def test_another_organisations_id_is_exactly_a_missing_id(client, world, method, rule, body, query, who):
    keys, ids = world["keys"], world["ids"]
    outsider = bearer(keys["other_lmc" if who == "adviser" else "b"][1])
    foreign = call(client, method, rule, ids, body, query, outsider)
    missing_ids = {**ids, **{k: v for k, v in MISSING.items() if k in rule}}
    missing = call(client, method, rule, missing_ids, body, query, outsider)
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert foreign.status_code == 404 and foreign.mimetype == "application/problem+json", foreign.get_data(as_text=True)

    assert scrub(foreign.get_json(), rule, ids) == scrub(missing.get_json(), rule, missing_ids), \
        "the answer must not tell the id exists"

    owner = bearer(keys["lmc" if who == "adviser" else "a"][1])
    mine = call(client, method, rule, ids, body, query, owner)
    assert mine.status_code != 404, mine.get_data(as_text=True)


def test_the_foreign_tick_changed_nothing(client, world):
    keys, ids = world["keys"], world["ids"]
    client.patch(fill("/v1/assessments/<assessment_id>/checklist/<item_id>", ids), json={"done": True},
                 headers=bearer(keys["b"][1]))
    items = client.get(f"/v1/assessments/{ids['assessment_id']}/checklist", headers=bearer(keys["a"][1])).get_json()
    assert not [i for i in items["items"] if i["by"] == f"api-key:{keys['b'][0]}"]


def test_every_key_of_the_organisation_sees_its_assessments_and_records_itself(client, world):
    keys, ids = world["keys"], world["ids"]
    other_key = bearer(keys["a2"][1])
    assert client.get(f"/v1/assessments/{ids['assessment_id']}", headers=other_key).status_code == 200
    item = client.patch(fill("/v1/assessments/<assessment_id>/checklist/<item_id>", ids),
                        json={"done": True, "note": "as agreed"}, headers=other_key).get_json()
    assert item["by"] == f"api-key:{keys['a2'][0]}" and item["note"] == "as agreed"


def test_an_interview_is_its_keys_alone_but_its_assessment_is_the_organisations(client, world):
    keys = world["keys"]
    started = client.post("/v1/interviews", json={"facts": {"population": 42000}}, headers=bearer(keys["a"][1]))
    interview = started.get_json()
    assert client.get(f"/v1/interviews/{interview['id']}", headers=bearer(keys["a2"][1])).status_code == 404
    for _ in range(40):   # answer "not sure" until it is done
        if interview["status"] == "done":
            break
        interview = client.post(f"/v1/interviews/{interview['id']}/answers", headers=bearer(keys["a"][1]),
                                json={"question": interview["question"]["id"], "not_sure": True}).get_json()
    assert interview["status"] == "done" and interview["assessment_id"]
    url = f"/v1/assessments/{interview['assessment_id']}"
    assert client.get(url, headers=bearer(keys["a2"][1])).status_code == 200
    assert client.get(url, headers=bearer(keys["b"][1])).status_code == 404


def test_batch_made_assessments_belong_to_the_organisation(client, world):
    keys = world["keys"]
    made = client.post("/v1/assessments/batch", json={"items": [FACTS, {"population": 61000}]},
                       headers=bearer(keys["a"][1])).get_json()
    for result in made["results"]:
        assert client.get(result["location"], headers=bearer(keys["a2"][1])).status_code == 200
        assert client.get(result["location"], headers=bearer(keys["b"][1])).status_code == 404
        assert client.get(result["location"], headers=bearer(keys["other_lmc"][1])).status_code == 404


def test_no_key_sees_an_assessment_made_in_a_chat_or_the_web(client, db_url, world, auth, make_key):
    with session_scope(shared_db_engine(db_url)) as s:
        made = save_assessment(s, FACTS, default_engine().assess(FACTS), "slack", user_ref="T1:U1").id
    default_adviser = bearer(make_key("adviser")[1])
    for headers in (auth, default_adviser, bearer(world["keys"]["a"][1])):
        assert client.get(f"/v1/assessments/{made}", headers=headers).status_code == 404
        assert client.post(f"/v1/assessments/{made}/escalate", headers=headers).status_code == 404


def test_an_adviser_sees_its_own_and_its_served_organisations_cases_only(client, db_url, world, make_key):
    keys = world["keys"]
    org_a, org_b, lmc, _ = world["orgs"]
    own_case = client.post("/v1/assessments", json=FACTS, headers=bearer(keys["lmc"][1])).get_json()
    own = client.post(f"/v1/assessments/{own_case['id']}/escalate", headers=bearer(keys["lmc"][1])).get_json()
    listed = [c for status in ("active", "resolved") for c in client.get(
        "/v1/triage/cases", query_string={"status": status, "limit": 500}, headers=bearer(keys["lmc"][1])).get_json()["cases"]]
    assert {c["org"] for c in listed} == {org_a, lmc}
    assert world["case_a"]["id"] in {c["id"] for c in listed} and own["cases"][0]["id"] in {c["id"] for c in listed}
    assert world["case_b"]["id"] not in {c["id"] for c in listed}
    assert client.get(f"/v1/assessments/{world['a']['id']}", headers=bearer(keys["lmc"][1])).status_code == 200
    assert client.get(f"/v1/assessments/{world['b']['id']}", headers=bearer(keys["lmc"][1])).status_code == 404
    other = [c for status in ("active", "resolved") for c in client.get(
        "/v1/triage/cases", query_string={"status": status, "limit": 500},
        headers=bearer(keys["other_lmc"][1])).get_json()["cases"]]
    assert {c["org"] for c in other} == {org_b}

    # a practice key of the LMC's own organisation does not become an adviser by it
    practice_of_lmc = bearer(make_key("assess", lmc)[1])
    assert client.get(f"/v1/assessments/{world['a']['id']}", headers=practice_of_lmc).status_code == 404

    # serving an organisation takes effect at once
    with session_scope(shared_db_engine(db_url)) as s:
        serve(s, lmc, org_b)
    try:
        assert client.get(f"/v1/triage/cases/{world['case_b']['id']}", headers=bearer(keys["lmc"][1])).status_code == 200
    finally:
        with session_scope(shared_db_engine(db_url)) as s:
            unserve(s, lmc, org_b)


def test_the_default_lmc_sees_cases_opened_in_chats_and_the_web_and_no_other_lmc_does(client, db_url, world, make_key):
    from core.triage import opening

    triage = opening.triage_for(default_engine().knowledge)
    with session_scope(shared_db_engine(db_url)) as s:
        opened = opening.escalate_request(s, triage, channel="telegram", opened_by="telegram:1", user_ref="1:1",
                                          question=f"Who signs the agreement? {uuid.uuid4().hex}")
        case_id = opened[0].case.id
    assert client.get(f"/v1/triage/cases/{case_id}", headers=bearer(make_key("adviser")[1])).get_json()["org"] == "default"
    assert client.get(f"/v1/triage/cases/{case_id}", headers=bearer(world["keys"]["lmc"][1])).status_code == 404
