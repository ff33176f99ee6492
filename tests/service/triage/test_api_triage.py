"""The triage HTTP API: escalating assessments, the advisers' queue, claim and resolve, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading

import pytest

from engine.triage import PRIORITIES

SMALL_FEDERATION = {"population": 20000, "as_of": "2020-02-20", "operating_model": "federation"}


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def practice(make_key):
    return bearer(make_key()[1])


@pytest.fixture
def adviser(make_key):
    name, key = make_key("adviser")
    return name, bearer(key)


@pytest.fixture
def escalated(client, practice):
    """A small federation's assessment escalated: (assessment, escalation response)."""
    a = client.post("/v1/assessments", json=SMALL_FEDERATION, headers=practice).get_json()
    r = client.post(f"/v1/assessments/{a['id']}/escalate", json={"note": "We need the CCG's agreement."},
                    headers=practice)
    assert r.status_code == 201, r.get_json()
    return a, r.get_json()


def test_one_request_opens_one_case_filed_by_the_most_pressing_advice_flag(client, escalated):
    a, body = escalated
    advice = {f["code"] for f in a["flags"] if f["advice"] and f["model"] in (None, "federation")}
    unchosen = {f["code"] for f in a["flags"] if f["advice"] and f["model"] not in (None, "federation")}
    cases = body["cases"]
    assert len(cases) == 1 and body["opened"] == 1 and len(advice) > 1
    case = cases[0]
    assert case["status"] == "open" and case["note"] and case["reference"]
    # the rules file it under the most pressing point: the sub-30,000 approval outranks VAT and pensions
    assert (case["flag"]["code"], case["priority"], case["topic"]) == (
        "population_below_minimum_circumstances_unknown", "high", "sub_30k_approval")
    assert any(r["rule"] == "triage_sub_30k_approval" and r["citation"]["section"] == "Geography" for r in case["reasons"])
    # the other points needing advice travel with it, the unchosen models' do not
    assert {case["flag"]["code"], *case["related_flags"]} == advice and not unchosen & set(case["related_flags"])
    assert case["assessment_id"] == a["id"] and case["conversation"]["channel"] == "http"


def test_escalating_again_opens_no_duplicates(client, practice, escalated):
    a, first = escalated
    again = client.post(f"/v1/assessments/{a['id']}/escalate", headers=practice)     # no body at all is fine
    assert again.status_code == 200 and again.get_json()["opened"] == 0
    assert sorted(c["id"] for c in again.get_json()["cases"]) == sorted(c["id"] for c in first["cases"])
    listed = client.get(f"/v1/assessments/{a['id']}/cases", headers=practice).get_json()["cases"]
    assert len(listed) == len(first["cases"])


def test_a_request_case_when_nothing_needs_advice_and_blockers_make_it_urgent(client, practice):
    calm = client.post("/v1/assessments", json={"population": 42000, "legal_advice_taken": True, "vat_advice_taken": True},
                       headers=practice).get_json()
    cases = client.post(f"/v1/assessments/{calm['id']}/escalate", json={}, headers=practice).get_json()["cases"]
    assert [(c["kind"], c["priority"], c["topic"]) for c in cases] == [("request", "normal", "general")]
    blocked = client.post("/v1/assessments", json={"population": 20000, "exceptional_circumstances": False,
                                                   "as_of": "2020-03-01", "legal_advice_taken": True},
                          headers=practice).get_json()
    cases = client.post(f"/v1/assessments/{blocked['id']}/escalate", headers=practice).get_json()["cases"]
    request = next(c for c in cases if c["kind"] == "request")
    assert (request["priority"], request["topic"]) == ("urgent", "eligibility")
    assert request["flag"]["severity"] == "blocker" and request["facts"]["days_to_next_contract_year"] == 31


@pytest.mark.parametrize("body,ctype,status,field", [
    ('{"note": 5}', "application/json", 422, "note"),
    ('{"note": "x", "extra": 1}', "application/json", 422, "extra"),
    ('{"note": "\\u0000"}', "application/json", 422, "note"),
    ("not json", "application/json", 400, "body"),
    ("note=hi", "application/x-www-form-urlencoded", 415, "Content-Type"),
])
def test_bad_escalations_name_the_field(client, practice, escalated, body, ctype, status, field):
    a, _ = escalated
    r = client.post(f"/v1/assessments/{a['id']}/escalate", data=body, headers={**practice, "Content-Type": ctype})
    assert r.status_code == status and r.mimetype == "application/problem+json" and field in r.get_json()["errors"]


def test_escalating_an_unknown_assessment_is_404(client, practice):
    for path in ("/v1/assessments/nope/escalate", "/v1/assessments/nope/cases"):
        r = client.post(path, headers=practice) if path.endswith("escalate") else client.get(path, headers=practice)
        assert r.status_code == 404 and "assessment_id" in r.get_json()["errors"]


def test_the_queue_is_for_advisers_only(client, practice):
    assert client.get("/v1/triage/cases").status_code == 401
    for method, path in (("get", "/v1/triage/cases"), ("get", "/v1/triage/cases/1"), ("post", "/v1/triage/cases/1/claim"),
                         ("post", "/v1/triage/cases/1/resolve")):
        r = getattr(client, method)(path, headers=practice, json={"note": "x"} if path.endswith("resolve") else None)
        assert r.status_code == 403 and "Authorization" in r.get_json()["errors"], path


def test_the_queue_is_sorted_by_priority_then_age_and_filters(client, adviser, escalated):
    _, headers = adviser
    cases = client.get("/v1/triage/cases?status=active&limit=500", headers=headers).get_json()["cases"]
    keys = [(PRIORITIES.index(c["priority"]), c["created_at"], c["id"]) for c in cases]
    assert keys == sorted(keys) and len(cases) >= len(escalated[1]["cases"])
    high = client.get("/v1/triage/cases?priority=high&topic=sub_30k_approval", headers=headers).get_json()
    assert high["count"] >= 1 and all(c["priority"] == "high" and c["topic"] == "sub_30k_approval" for c in high["cases"])
    for query, field in (("status=lost", "status"), ("priority=soon", "priority"), ("limit=0", "limit")):
        r = client.get(f"/v1/triage/cases?{query}", headers=headers)
        assert r.status_code == 422 and field in r.get_json()["errors"], query


def test_claim_keeps_the_first_owner_and_resolve_needs_the_owner(client, make_key, adviser, escalated):
    name, first = adviser
    other = bearer(make_key("adviser")[1])
    case = escalated[1]["cases"][0]["id"]
    r = client.post(f"/v1/triage/cases/{case}/claim", headers=first)
    assert r.status_code == 200 and (r.get_json()["status"], r.get_json()["claimed_by"]) == ("claimed", name)
    for who in (other, first):     # a second claim, by anyone, is a conflict; the owner stays
        r = client.post(f"/v1/triage/cases/{case}/claim", headers=who)
        assert r.status_code == 409 and "status" in r.get_json()["errors"]
    r = client.post(f"/v1/triage/cases/{case}/resolve", json={"note": "Mine now"}, headers=other)
    assert r.status_code == 409 and name in r.get_json()["detail"]
    assert client.post(f"/v1/triage/cases/{case}/resolve", json={"note": "  "}, headers=first).status_code == 422
    r = client.post(f"/v1/triage/cases/{case}/resolve", json={"note": "Speak to the CCG; we will join."}, headers=first)
    body = r.get_json()
    assert r.status_code == 200 and body["status"] == "resolved" and body["resolved_by"] == name
    assert [e["action"] for e in body["events"]] == ["opened", "claimed", "resolved"]
    assert all(e["by"] and e["at"].endswith("Z") for e in body["events"])
    assert client.post(f"/v1/triage/cases/{case}/resolve", json={"note": "again"}, headers=first).status_code == 409
    assert client.post(f"/v1/triage/cases/{case}/claim", headers=other).status_code == 409
    practice_view = client.get(f"/v1/assessments/{escalated[0]['id']}/cases", headers=first).get_json()["cases"]
    assert next(c for c in practice_view if c["id"] == case)["resolution"] == "Speak to the CCG; we will join."


def test_an_open_case_can_be_resolved_straight_away(client, adviser, escalated):
    name, headers = adviser
    case = escalated[1]["cases"][-1]["id"]
    body = client.post(f"/v1/triage/cases/{case}/resolve", json={"note": "Answered by phone."}, headers=headers).get_json()
    assert body["status"] == "resolved" and body["claimed_by"] == name and body["claimed_at"]
    read = client.get(f"/v1/triage/cases/{case}", headers=headers).get_json()
    assert read["resolution"] == "Answered by phone." and [e["action"] for e in read["events"]] == ["opened", "resolved"]


@pytest.mark.parametrize("path", ["/v1/triage/cases/999999", "/v1/triage/cases/99999999999999",
                                  "/v1/triage/cases/0/claim", "/v1/triage/cases/abc"])
def test_unknown_cases_are_404(client, adviser, path):
    r = client.get(path, headers=adviser[1]) if "claim" not in path else client.post(path, headers=adviser[1])
    assert r.status_code == 404 and r.mimetype == "application/problem+json"


def test_simultaneous_claims_have_one_winner(app, make_key, escalated):
    case = escalated[1]["cases"][0]["id"]
    keys = [make_key("adviser") for _ in range(6)]
    results, gate = [], threading.Barrier(len(keys))

    def go(name, key):
        gate.wait()
        r = app.test_client().post(f"/v1/triage/cases/{case}/claim", headers=bearer(key))
        results.append((r.status_code, name))

    threads = [threading.Thread(target=go, args=k) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(code for code, _ in results) == [200] + [409] * (len(keys) - 1)
    winner = next(name for code, name in results if code == 200)
    read = app.test_client().get(f"/v1/triage/cases/{case}", headers=bearer(keys[0][1])).get_json()
    assert read["claimed_by"] == winner and [e["action"] for e in read["events"]].count("claimed") == 1


def test_simultaneous_escalations_open_each_case_once(app, client, practice):
    a = client.post("/v1/assessments", json=SMALL_FEDERATION, headers=practice).get_json()
    gate, codes = threading.Barrier(6), []

    def go():
        gate.wait()
        codes.append(app.test_client().post(f"/v1/assessments/{a['id']}/escalate", headers=practice).status_code)

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(c in (200, 201) for c in codes) and 201 in codes
    cases = client.get(f"/v1/assessments/{a['id']}/cases", headers=practice).get_json()["cases"]
    codes_seen = [c["flag"]["code"] for c in cases if c["flag"]]
    assert len(codes_seen) == len(set(codes_seen)) and len(cases) == len({(c["kind"], c["flag"] and c["flag"]["code"]) for c in cases})


def test_the_openapi_document_has_the_triage_and_question_endpoints(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    assert {"/v1/triage/cases", "/v1/triage/cases/{case_id}", "/v1/triage/cases/{case_id}/claim",
            "/v1/triage/cases/{case_id}/resolve", "/v1/assessments/{assessment_id}/escalate",
            "/v1/assessments/{assessment_id}/cases", "/v1/questions"} <= set(paths)
    claim = paths["/v1/triage/cases/{case_id}/claim"]["post"]
    assert {"200", "403", "404", "409"} <= set(claim["responses"]) and claim["summary"]
