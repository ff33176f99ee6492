"""POST /v1/assessments/{id}/what-if: the stored assessment against the same network with facts changed."""
from __future__ import annotations


def _stored(client, auth, facts: dict) -> str:
    r = client.post("/v1/assessments", json=facts, headers=auth)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def test_crossing_30000_patients_makes_the_network_eligible(client, auth):
    aid = _stored(client, auth, {"population": 28500, "as_of": "2019-07-01"})
    r = client.post(f"/v1/assessments/{aid}/what-if", json={"changes": {"population": 31000}}, headers=auth)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["before"]["eligibility"] != "eligible"
    assert body["after"]["eligibility"] == "eligible"
    assert body["diff"]["eligibility"]["changed"] is True
    assert body["diff"]["funding"]["network_payment"]["delta"] > 0
    # the stored assessment is unchanged by asking
    assert client.get(f"/v1/assessments/{aid}", headers=auth).get_json()["facts"]["population"] == 28500


def test_next_contract_year_keeps_the_other_facts(client, auth):
    aid = _stored(client, auth, {"population": 42000, "as_of": "2020-03-31"})
    r = client.post(f"/v1/assessments/{aid}/what-if", json={"changes": {"as_of": "2020-04-01"}}, headers=auth)
    body = r.get_json()
    assert r.status_code == 200
    assert (body["before"]["contract_year"], body["after"]["contract_year"]) == ("2019/20", "2020/21")
    assert body["diff"]["eligibility"]["changed"] is False


def test_bad_changes_name_the_field(client, auth):
    aid = _stored(client, auth, {"population": 42000, "as_of": "2019-07-01"})
    r = client.post(f"/v1/assessments/{aid}/what-if", json={"changes": {"population": -5}}, headers=auth)
    assert r.status_code == 422
    assert any(m.startswith("population:") for m in r.get_json()["errors"]["changes"])
    r = client.post(f"/v1/assessments/{aid}/what-if", json={"changes": []}, headers=auth)
    assert r.status_code == 422 and "changes" in r.get_json()["errors"]
    r = client.post(f"/v1/assessments/{aid}/what-if", json={"population": 1}, headers=auth)
    assert r.status_code == 422


def test_unknown_assessment_and_no_key(client, auth):
    r = client.post("/v1/assessments/" + "0" * 32 + "/what-if", json={"changes": {}}, headers=auth)
    assert r.status_code == 404 and "assessment_id" in r.get_json()["errors"]
    r = client.post("/v1/assessments/" + "0" * 32 + "/what-if", json={"changes": {}})
    assert r.status_code == 401
