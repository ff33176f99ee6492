"""Advisers' pages and the web pages' security through Flask's test client."""
from __future__ import annotations

import re

from tests.web.helpers import ADVISER, PASSWORD, post


def sign_in(client):
    return post(client, "/advisers/sign-in", {"name": ADVISER, "password": PASSWORD}, page="/advisers/sign-in")


def test_signed_out_adviser_pages_redirect_to_sign_in(client):
    for path in ("/advisers", "/advisers/cases/1"):
        r = client.get(path)
        assert r.status_code == 302 and "/advisers/sign-in" in r.location


def test_wrong_password_then_rate_limited(app):
    client = app.test_client()
    for _ in range(5):
        r = post(client, "/advisers/sign-in", {"name": "mallory", "password": "wrong"}, page="/advisers/sign-in")
        assert r.status_code == 401 and "not right" in r.text
    r = post(client, "/advisers/sign-in", {"name": "mallory", "password": "wrong"}, page="/advisers/sign-in")
    assert r.status_code == 429 and "Too many attempts" in r.text and int(r.headers["Retry-After"]) >= 1
    # the name is locked, not the address: an adviser signing in from the same place still can
    assert sign_in(client).location.endswith("/advisers")


def test_failed_sign_ins_under_many_names_are_limited_per_address(web_db):
    from service import create_app

    app = create_app({"DATABASE_URL": web_db, "TESTING": True, "SECRET_KEY": "test-secret-key-for-the-web-pages-0001",
                      "PCN_AUTH_FAILURE_LIMIT": "4 per minute"})
    client = app.test_client()
    for i in range(4):
        r = post(client, "/advisers/sign-in", {"name": f"guess{i}", "password": "wrong"}, page="/advisers/sign-in")
        assert r.status_code == 401
    r = post(client, "/advisers/sign-in", {"name": "guess5", "password": "wrong"}, page="/advisers/sign-in")
    assert r.status_code == 429 and "Too many attempts" in r.text
    # only failures are held back: an adviser at the same address (a trust's one address) still signs in
    r = post(client, "/advisers/sign-in", {"name": ADVISER, "password": PASSWORD}, page="/advisers/sign-in")
    assert r.status_code == 302 and r.location.endswith("/advisers")


def test_the_lock_on_a_name_is_not_dodged_by_spelling_it_with_spaces_or_capitals(web_db):
    from service import create_app

    app = create_app({"DATABASE_URL": web_db, "TESTING": True, "SECRET_KEY": "test-secret-key-for-the-web-pages-0001"})
    client = app.test_client()
    spellings = [ADVISER, " " + ADVISER, ADVISER.replace(" ", "   "), ADVISER.upper(), "\t" + ADVISER + "  "]
    for name in spellings:
        r = post(client, "/advisers/sign-in", {"name": name, "password": "wrong"}, page="/advisers/sign-in")
        assert r.status_code == 401
    r = post(client, "/advisers/sign-in", {"name": ADVISER.replace(" ", "  "), "password": PASSWORD},
             page="/advisers/sign-in")
    assert r.status_code == 429 and "Too many attempts" in r.text


def test_the_pages_are_limited_per_address(web_db):
    from service import create_app

    app = create_app({"DATABASE_URL": web_db, "TESTING": True, "SECRET_KEY": "test-secret-key-for-the-web-pages-0001",
                      "PCN_RATE_LIMIT": "3 per minute"})
    one, other = app.test_client(), app.test_client()
    assert [one.get("/").status_code for _ in range(3)] == [200, 200, 200]
    r = one.get("/advisers/sign-in")
    assert r.status_code == 429 and r.mimetype == "text/html" and "Retry-After" in r.headers
    assert other.get("/", environ_base={"REMOTE_ADDR": "10.2.3.4"}).status_code == 200


def test_adviser_claims_and_resolves_and_the_practice_sees_the_reply(app, assessed):
    practice, aid = assessed
    r = post(practice, f"/assessments/{aid}/adviser", {"note": "Help with <b>VAT</b>"}, page=f"/assessments/{aid}")
    assert r.status_code == 302
    adviser = app.test_client()
    assert sign_in(adviser).location.endswith("/advisers")
    queue = adviser.get("/advisers").text
    case_id = int(re.search(r'href="/advisers/cases/(\d+)"', queue).group(1))
    page = adviser.get(f"/advisers/cases/{case_id}").text
    assert "Why this priority" in page and "History" in page
    # the practice's reference is a secret that opens its conversation: advisers are not shown it
    with practice.session_transaction() as s:
        secret = s["practice"]
    assert "a practice using the web pages" in page and secret not in page
    assert post(adviser, f"/advisers/cases/{case_id}/claim", page="/advisers").status_code == 302
    assert "claimed by Dr Adviser" in adviser.get(f"/advisers/cases/{case_id}").text
    r = post(adviser, f"/advisers/cases/{case_id}/resolve", {"note": ""}, page="/advisers")
    assert r.status_code == 422
    r = post(adviser, f"/advisers/cases/{case_id}/resolve", {"note": "Talk to your LMC about VAT."}, page="/advisers")
    assert r.status_code == 302
    # every case on the assessment shows; the resolved one carries the reply
    assert "Talk to your LMC about VAT." in practice.get(f"/assessments/{aid}").text
    assert adviser.get("/advisers?status=resolved").status_code == 200
    assert adviser.get("/advisers?status=bogus").status_code == 404
    assert adviser.get("/advisers/cases/999999").status_code == 404
    r = post(adviser, "/advisers/sign-out", page="/advisers")
    assert r.status_code == 302 and adviser.get("/advisers").status_code == 302


def test_forms_without_a_csrf_token_are_refused(client):
    r = client.post("/start", data={})
    assert r.status_code == 400 and "expired" in r.text and r.mimetype == "text/html"
    r = client.post("/start", data={"csrf_token": "forged"})
    assert r.status_code == 400


def test_the_json_api_needs_no_csrf_token(client):
    r = client.post("/v1/assessments", json={"population": 42000})
    assert r.status_code in (201, 401)   # authentication, not CSRF, decides
    assert client.post("/slack/events", data="{}").status_code != 400


def test_unknown_page_and_wrong_method_are_pages(client):
    r = client.get("/assessments/zzz")
    assert r.status_code == 404 and "Page not found" in r.text
    r = client.delete("/start")
    assert r.status_code == 405 and r.mimetype == "text/html"
    api = client.get("/v1/nothing-here")
    assert api.status_code == 404 and api.mimetype == "application/problem+json"


def test_security_headers_and_cookie(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    r = post(client, "/start")
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = client.application.test_client()     # a new browser, over HTTPS from the start
    r = secure.get("/", base_url="https://localhost")
    token = re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)
    first = r.headers.getlist("Set-Cookie")
    r = secure.post("/start", data={"csrf_token": token}, base_url="https://localhost")
    cookies = first + r.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c for c in cookies)


def test_static_assets_are_served_locally(client):
    r = client.get("/web-assets/nhsuk/nhsuk-frontend.min.css")
    assert r.status_code == 200 and "assets.nhs.uk" not in r.get_data(as_text=True)
    assert client.get("/web-assets/nhsuk/nhsuk-frontend.min.js").status_code == 200


def test_users_command_creates_an_adviser(web_db, monkeypatch, capsys):
    import io
    import sys

    from web.cli import cmd_users_create

    monkeypatch.setenv("DATABASE_URL", web_db)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    args = type("A", (), {"name": "Second Adviser", "role": "adviser", "password_stdin": True,
                                "org": "default"})()
    assert cmd_users_create(args) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    args.name = "Third"
    assert cmd_users_create(args) == 2
