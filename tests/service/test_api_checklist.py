"""/v1/assessments/{id}/checklist: JSON, Markdown and CSV; ticking items off with who (the key), when and a note."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from engine import default_engine

CANDIDATES = [{"population": 20000, "exceptional_circumstances": True}, {}, {"population": 42000}]


@pytest.fixture(scope="module")
def facts_with_checklist():
    """Facts whose assessment has at least two checklist items (whatever the knowledge holds today)."""
    for facts in CANDIDATES:
        if len(default_engine().assess(facts)["checklist"]) >= 2:
            return facts
    pytest.skip("no candidate facts give a checklist of two items with this knowledge")


@pytest.fixture
def assessment(client, auth, facts_with_checklist):
    return client.post("/v1/assessments", json=facts_with_checklist, headers=auth).get_json()


def url(a, item=None):
    base = f"/v1/assessments/{a['id']}/checklist"
    return f"{base}/{item}" if item else base


def test_json_checklist_lists_the_assessments_items_not_done(client, auth, assessment):
    resp = client.get(url(assessment), headers=auth)
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    body = resp.get_json()
    assert body["assessment_id"] == assessment["id"]
    assert [i["id"] for i in body["items"]] == [i["id"] for i in assessment["checklist"]]
    for item, original in zip(body["items"], assessment["checklist"]):
        assert item == {**original, "done": False, "by": None, "at": None, "note": None}


def test_patch_marks_done_by_the_key_with_when_and_note_then_undone(client, auth, named_key, assessment):
    first, second = (i["id"] for i in assessment["checklist"][:2])
    me = f"api-key:{named_key[0]}"
    before = dt.datetime.now(dt.timezone.utc)
    resp = client.patch(url(assessment, first), json={"done": True, "note": "Dr Patel checked"}, headers=auth)
    assert resp.status_code == 200
    item = resp.get_json()
    assert item["id"] == first and item["done"] is True and item["by"] == me and item["note"] == "Dr Patel checked"
    at = dt.datetime.fromisoformat(item["at"].replace("Z", "+00:00"))
    assert before - dt.timedelta(seconds=1) <= at <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)

    items = {i["id"]: i for i in client.get(url(assessment), headers=auth).get_json()["items"]}
    assert items[first]["done"] and items[first]["by"] == me and items[first]["at"] == item["at"]
    assert not items[second]["done"]

    undone = client.patch(url(assessment, first), json={"done": False}, headers=auth).get_json()
    assert undone["done"] is False and undone["by"] == me and undone["note"] is None
    assert client.get(url(assessment), headers=auth).get_json()["items"][0]["done"] is False


def test_by_is_the_key_never_a_name_the_caller_gives(client, auth, assessment):
    """The old free `by` field is gone: sending it is refused, naming it, and records nothing."""
    resp = client.patch(url(assessment, assessment["checklist"][0]["id"]), json={"done": True, "by": "Dr Who"},
                        headers=auth)
    assert resp.status_code == 422 and "calling key" in resp.get_json()["errors"]["by"][0]
    assert client.get(url(assessment), headers=auth).get_json()["items"][0]["done"] is False


def test_the_assessment_itself_never_changes(client, auth, assessment):
    client.patch(url(assessment, assessment["checklist"][0]["id"]), json={"done": True}, headers=auth)
    assert client.get(f"/v1/assessments/{assessment['id']}", headers=auth).get_json() == assessment


@pytest.mark.parametrize("how", [{"query_string": {"format": "markdown"}}, {"headers": {"Accept": "text/markdown"}}])
def test_markdown(client, auth, named_key, assessment, how):
    client.patch(url(assessment, assessment["checklist"][0]["id"]), json={"done": True}, headers=auth)
    headers = {**auth, **how.get("headers", {})}
    resp = client.get(url(assessment), headers=headers, query_string=how.get("query_string"))
    assert resp.status_code == 200 and resp.mimetype == "text/markdown"
    text = resp.get_data(as_text=True)
    assert text.startswith("# Setup checklist: Your network (") and f"Assessment {assessment['id']}" in text
    assert f"- [x] {assessment['checklist'][0]['text']}" in text and f"done by api-key:{named_key[0]}" in text
    assert f"- [ ] {assessment['checklist'][1]['text']}" in text


@pytest.mark.parametrize("how", [{"query_string": {"format": "csv"}}, {"headers": {"Accept": "text/csv"}}])
def test_csv(client, auth, assessment, how):
    headers = {**auth, **how.get("headers", {})}
    resp = client.get(url(assessment), headers=headers, query_string=how.get("query_string"))
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert [r["id"] for r in rows] == [i["id"] for i in assessment["checklist"]]
    assert rows[0]["done"] == "no" and rows[0]["text"] == assessment["checklist"][0]["text"]


def test_format_beats_accept_and_unknown_accept_gives_json(client, auth, assessment):
    resp = client.get(url(assessment) + "?format=json", headers={**auth, "Accept": "text/csv"})
    assert resp.mimetype == "application/json"
    assert client.get(url(assessment), headers={**auth, "Accept": "image/png"}).mimetype == "application/json"


def test_bad_format_is_422(client, auth, assessment):
    resp = client.get(url(assessment) + "?format=pdf", headers=auth)
    assert resp.status_code == 422 and "format" in resp.get_json()["errors"]


def test_unknown_assessment_or_item_is_404(client, auth, assessment):
    resp = client.get("/v1/assessments/ffffffffffffffffffffffffffffffff/checklist", headers=auth)
    assert resp.status_code == 404 and "assessment_id" in resp.get_json()["errors"]
    resp = client.patch("/v1/assessments/ffffffffffffffffffffffffffffffff/checklist/x", json={"done": True}, headers=auth)
    assert resp.status_code == 404 and "assessment_id" in resp.get_json()["errors"]
    resp = client.patch(url(assessment, "no_such_item"), json={"done": True}, headers=auth)
    assert resp.status_code == 404 and "item_id" in resp.get_json()["errors"]


@pytest.mark.parametrize("body, field", [({}, "done"), ({"done": "yes"}, "done"), ({"done": 1}, "done"),
                                         ({"done": True, "note": ""}, "note"), ({"done": True, "when": "now"}, "when"),
                                         ({"done": True, "note": "a\x00b"}, "note"),
                                         ({"done": True, "note": "\ud800"}, "note")])
def test_bad_patch_body_is_422(client, auth, assessment, body, field):
    resp = client.patch(url(assessment, assessment["checklist"][0]["id"]), json=body, headers=auth)
    assert resp.status_code == 422 and field in resp.get_json()["errors"]


def test_patch_needs_json(client, auth, assessment):
    resp = client.patch(url(assessment, assessment["checklist"][0]["id"]), data="done", headers=auth)
    assert resp.status_code == 415 and "Content-Type" in resp.get_json()["errors"]


def test_wrong_method_is_405(client, auth, assessment):
    assert client.delete(url(assessment), headers=auth).status_code == 405
    assert client.post(url(assessment, assessment["checklist"][0]["id"]), json={}, headers=auth).status_code == 405
