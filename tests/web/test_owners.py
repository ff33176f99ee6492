"""Who sees what on the web pages: an organisation's API-made assessment is not behind a result link
(but for an adviser whose LMC serves it), and a web adviser sees the cases of their LMC and of the
organisations it serves only (others are 404)."""
from __future__ import annotations

import re
import uuid

from core.api_keys import create_key
from core.db import session_scope, shared_db_engine
from core.orgs import serve
from tests.web.helpers import PASSWORD, post
from web.users import create_user

FACTS = {"population": 20000, "as_of": "2020-02-20", "operating_model": "federation"}


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_an_organisations_assessment_is_not_shown_behind_a_result_link(app, web_db, client):
    with session_scope(shared_db_engine(web_db)) as s:
        key = create_key(s, f"web-{uuid.uuid4().hex[:8]}")
    aid = client.post("/v1/assessments", json=FACTS, headers=bearer(key)).get_json()["id"]
    for path in (f"/assessments/{aid}", f"/assessments/{aid}/checklist", f"/assessments/{aid}/checklist.csv",
                 f"/assessments/{aid}/what-if?population=50000"):
        assert client.get(path).status_code == 404, path


def test_a_web_adviser_sees_their_lmcs_cases_and_its_served_organisations_only(app, web_db, assessed):
    tag = uuid.uuid4().hex[:6]
    lmc, served_org, other_org = f"lmc-{tag}", f"pcn-{tag}", f"other-{tag}"
    name = f"Dr LMC {tag}"
    with session_scope(shared_db_engine(web_db)) as s:
        create_user(s, name, "adviser", PASSWORD, lmc)
        serve(s, lmc, served_org)
        keys = {org: create_key(s, f"k-{org}", "assess", org) for org in (served_org, other_org)}
    api = app.test_client()
    cases = {}
    for org, key in keys.items():
        aid = api.post("/v1/assessments", json=FACTS, headers=bearer(key)).get_json()["id"]
        cases[org] = api.post(f"/v1/assessments/{aid}/escalate", headers=bearer(key)).get_json()["cases"][0]["id"]
    practice, aid = assessed      # a web practice's case is the default organisation's
    post(practice, f"/assessments/{aid}/adviser", {"note": "Help"}, page=f"/assessments/{aid}")

    adviser = app.test_client()
    assert post(adviser, "/advisers/sign-in", {"name": name, "password": PASSWORD}, page="/advisers/sign-in").status_code == 302
    listed = {int(i) for i in re.findall(r'href="/advisers/cases/(\d+)"', adviser.get("/advisers").text)}
    assert cases[served_org] in listed and cases[other_org] not in listed
    assert adviser.get(f"/advisers/cases/{cases[served_org]}").status_code == 200
    assert adviser.get(f"/advisers/cases/{cases[other_org]}").status_code == 404
    assert post(adviser, f"/advisers/cases/{cases[other_org]}/claim", page="/advisers").status_code == 404
    assert all(adviser.get(f"/advisers/cases/{i}").status_code == 200 for i in listed)
    # the case page's link to the practice's result opens for an adviser whose LMC serves it, only
    link = re.search(r'href="(/assessments/[0-9a-f]{32})"', adviser.get(f"/advisers/cases/{cases[served_org]}").text)
    assert adviser.get(link.group(1)).status_code == 200
    assert app.test_client().get(link.group(1)).status_code == 404
    with session_scope(shared_db_engine(web_db)) as s:
        from core.triage import casework
        defaults = {c.id for c in casework.list_cases(s, status="active", orgs={"default"})}
    assert defaults and not defaults & listed, "the default LMC's chat and web cases are not another LMC's"
