"""Hostile input to the web pages, on SQLite and PostgreSQL (`db_url`): a NUL character in the
sign-in name, the name typed when ticking the checklist or the advisers' topic filter is a 400 page
naming the field (PostgreSQL cannot store one: it was a 500 there); a CR or LF in sign-in's `next`
cannot reach the Location header; errors on any page route (`/refine` included) are HTML pages,
never the API's problem documents; no traceback anywhere."""
from __future__ import annotations

import logging
import re

import pytest

from core.db import session_scope, shared_db_engine
from service import create_app
from tests.web.helpers import finish_interview, post, token
from web.users import create_user

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(db_url):
    """(app, adviser name, assessment id with a practice client that owns it) on each database."""
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "hostile-pages-" + "k" * 32})
    name = f"Hostile Adviser {id(app)}"
    with session_scope(shared_db_engine(db_url)) as s:
        create_user(s, name, "adviser", PASSWORD)
    practice = app.test_client()
    return app, name, practice, finish_interview(practice)


def page(resp, status: int) -> str:
    """The response is the HTML page of `status`, without a traceback."""
    html = resp.get_data(as_text=True)
    assert resp.status_code == status, (resp.status_code, html[:300])
    assert resp.mimetype == "text/html", resp.mimetype
    assert "Traceback" not in html and 'File "' not in html
    return html


def no_tracebacks(caplog) -> None:
    assert not [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def signed_in(app, name: str):
    client = app.test_client()
    resp = post(client, "/advisers/sign-in", {"name": name, "password": PASSWORD}, page="/advisers/sign-in")
    assert resp.status_code == 302
    return client


@pytest.mark.parametrize("name", ["a\x00b", "\x00", "Dr\x00 Adviser"])
def test_a_nul_in_the_sign_in_name_is_a_400_page_naming_it(site, name, caplog):
    app, *_ = site
    client = app.test_client()
    with caplog.at_level(logging.INFO):
        resp = post(client, "/advisers/sign-in", {"name": name, "password": "whatever it is"}, page="/advisers/sign-in")
    assert "name" in page(resp, 400)
    no_tracebacks(caplog)


def test_a_nul_in_the_name_typed_when_ticking_the_checklist_is_a_400_page(site, caplog):
    app, _, practice, aid = site
    with caplog.at_level(logging.INFO):
        resp = post(practice, f"/assessments/{aid}/checklist", {"name": "Jo\x00 Bloggs", "done": ["x"]},
                    page=f"/assessments/{aid}/checklist")
    assert "name" in page(resp, 400)
    no_tracebacks(caplog)
    # nothing was saved: the page still shows no name and the form works without the NUL
    resp = post(practice, f"/assessments/{aid}/checklist", {"name": "Jo Bloggs"}, page=f"/assessments/{aid}/checklist")
    assert resp.status_code == 302


@pytest.mark.parametrize("query", ["topic=a%00b", "topic=%00", "status=active&topic=x%00", "%00=1"])
def test_a_nul_in_the_queue_filters_is_a_400_page(site, query, caplog):
    app, name, *_ = site
    client = signed_in(app, name)
    with caplog.at_level(logging.INFO):
        page(client.get(f"/advisers?{query}"), 400)
    no_tracebacks(caplog)
    page(client.get("/advisers?topic=governance"), 200)


@pytest.mark.parametrize("target", ["/advisers\r\nSet-Cookie: planted=1", "/advisers\nX: y", "/advisers\r",
                                    "/advisers\t/x", "/advisers/\\\\evil.example"])
def test_a_control_character_in_next_falls_back_to_the_queue(site, target, caplog):
    app, name, *_ = site
    client = app.test_client()
    with caplog.at_level(logging.INFO):
        resp = post(client, "/advisers/sign-in", {"name": name, "password": PASSWORD, "next": target},
                    page="/advisers/sign-in")
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]
    assert resp.headers["Location"] == "/advisers"
    assert "planted" not in resp.headers.get("Set-Cookie", "")
    no_tracebacks(caplog)


def test_refine_with_an_unknown_topic_is_an_html_page(site):
    app, *_ = site
    client = app.test_client()
    finish_interview(client)
    html = page(post(client, "/refine", {"topic": "no_such_topic"}), 404)
    assert "Page not found" in html


def test_a_body_too_large_for_a_page_is_an_html_page(site):
    app, *_ = site
    client = app.test_client()
    resp = client.post("/ask/adviser", data={"csrf_token": token(client), "question": "q" * (2 * 1024 * 1024)})
    assert re.search(r"too much", page(resp, 413))
