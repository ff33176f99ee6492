"""Web sessions and the web pages' secrets, on SQLite and PostgreSQL: a cookie that tells nothing,
sign-out that ends the session, sign-in that starts a new one, a signing key shared by every app on
a database when none is configured, secrets too short refused, passwords of spaces refused."""
from __future__ import annotations

import base64
import binascii
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from core.app_secrets import shared_secret
from core.db import session_scope, shared_db_engine
from core.plugins import MIN_SECRET, StartError
from service import create_app
from tests.web.helpers import PASSWORD, post, token
from web.users import PASSWORD_RULE, UserError, create_user

KEY = "sessions-test-secret-key-for-the-web-pages"
COOKIE = "session"   # Flask's name for it (web.security leaves it as it is)


@pytest.fixture
def adviser(db_engine) -> str:
    """A new adviser account's name, on this run's database of each kind."""
    name = "Dr Session " + uuid.uuid4().hex[:8]
    with session_scope(db_engine) as s:
        create_user(s, name, "adviser", PASSWORD, "lmc-" + uuid.uuid4().hex[:6])
    return name


@pytest.fixture
def app(db_url):
    return create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": KEY})


def sign_in(client, name: str):
    r = post(client, "/advisers/sign-in", {"name": name, "password": PASSWORD}, page="/advisers/sign-in")
    assert r.status_code == 302 and r.location.endswith("/advisers"), r.text[:300]
    return r


def cookie(client) -> str:
    found = client.get_cookie(COOKIE)
    assert found is not None, "no session cookie was set"
    return found.value


def browser_with(app, value: str):
    """Another browser, given a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def readable(value: str) -> bytes:
    """Everything a reader could get out of a cookie without a key: each dot-separated part
    base64-decoded, and inflated where it is compressed (as Flask's own cookie is)."""
    out = value.encode()
    for part in value.split("."):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        out += raw
        try:
            out += zlib.decompress(raw)
        except zlib.error:
            pass
    return out


def test_a_copied_cookie_opens_nothing_after_sign_out(app, adviser):
    client = app.test_client()
    sign_in(client, adviser)
    copied = cookie(client)
    assert browser_with(app, copied).get("/advisers").status_code == 200
    r = post(client, "/advisers/sign-out", page="/advisers")
    assert r.status_code == 302
    r = browser_with(app, copied).get("/advisers")
    assert r.status_code == 302 and "/advisers/sign-in" in r.location


def test_signing_in_starts_a_new_session_and_keeps_nothing_planted_before(app, adviser):
    planter = app.test_client()
    post(planter, "/start")
    planted = cookie(planter)
    with planter.session_transaction() as s:
        reference = s["practice"]
    victim = browser_with(app, planted)   # the planter's cookie, put in the adviser's browser
    sign_in(victim, adviser)
    assert cookie(victim) != planted
    with victim.session_transaction() as s:
        assert s.get("adviser") == adviser and s.get("practice") != reference
    # the planter's cookie did not become a signed-in one, and still is not after the adviser's next step
    victim.get("/advisers")
    assert planter.get("/advisers").status_code == 302


def test_the_cookie_holds_nothing_a_reader_should_not_see(app, adviser, db_engine):
    client = app.test_client()
    post(client, "/start")
    sign_in(client, adviser)
    with session_scope(db_engine) as s:
        org = s.execute(text("SELECT org FROM web_users WHERE name = :n"), {"n": adviser}).scalar_one()
    value = readable(cookie(client))
    assert adviser.encode() not in value and b"Dr Session" not in value and org.encode() not in value
    assert b"adviser" not in value.lower()


def test_a_session_unknown_to_the_database_is_a_new_empty_one(app):
    forged = browser_with(app, "A" * 43)
    assert forged.get("/advisers").status_code == 302


@pytest.mark.parametrize("key", ["x", "a" * (MIN_SECRET - 1), "   "])
def test_a_signing_key_too_short_stops_the_start_with_the_reason(db_url, monkeypatch, key):
    monkeypatch.setenv("PCN_SECRET_KEY", key)
    with pytest.raises(StartError, match=rf"PCN_SECRET_KEY is \d+ characters long: a secret must be at least {MIN_SECRET}"):
        create_app({"DATABASE_URL": db_url, "TESTING": True})
    monkeypatch.delenv("PCN_SECRET_KEY")
    with pytest.raises(StartError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "x"})


def test_a_telegram_webhook_secret_too_short_stops_the_start(db_url, monkeypatch):
    monkeypatch.delenv("PCN_SECRET_KEY", raising=False)
    with pytest.raises(StartError, match="TELEGRAM_WEBHOOK_SECRET is 1 characters long"):
        create_app({"DATABASE_URL": db_url, "TESTING": True, "TELEGRAM_BOT_TOKEN": "123:abc",
                    "TELEGRAM_WEBHOOK_SECRET": "a"})


def test_without_a_key_every_app_on_one_database_signs_with_the_same_one(db_url, monkeypatch):
    monkeypatch.delenv("PCN_SECRET_KEY", raising=False)
    one, two = (create_app({"DATABASE_URL": db_url, "TESTING": True}) for _ in range(2))
    browser = one.test_client()
    form = token(browser)
    other = browser_with(two, cookie(browser))    # the next request lands on another worker
    r = other.post("/start", data={"csrf_token": form})
    assert r.status_code == 302, r.text[:300]
    assert one.secret_key == two.secret_key and len(one.secret_key) >= MIN_SECRET


def test_a_configured_key_wins_over_the_one_in_the_database(db_url, monkeypatch):
    monkeypatch.setenv("PCN_SECRET_KEY", KEY)
    app = create_app({"DATABASE_URL": db_url, "TESTING": True})
    app.test_client().get("/")
    assert app.secret_key == KEY


def test_the_key_is_made_once_when_many_start_at_once(db_url):
    name = "race-" + uuid.uuid4().hex
    engines = [shared_db_engine(db_url)] * 8
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda e: shared_secret(e, name), engines))
    assert len(keys) == 1 and len(next(iter(keys))) >= MIN_SECRET
    with session_scope(shared_db_engine(db_url)) as s:
        assert s.execute(text("SELECT count(*) FROM app_secrets WHERE name = :n"), {"n": name}).scalar() == 1


@pytest.mark.parametrize("password", ["", " " * 12, "\t" * 3 + " " * 20, "  short  "])
def test_blank_or_space_only_passwords_are_refused(db_engine, password):
    with session_scope(db_engine) as s, pytest.raises(UserError, match="at least"):
        create_user(s, "Blank " + uuid.uuid4().hex[:6], "adviser", password)


def test_users_create_states_the_rule_before_asking(db_url, monkeypatch, capsys):
    import getpass

    from web.cli import cmd_users_create

    monkeypatch.setenv("DATABASE_URL", db_url)
    seen = []

    def ask(prompt):
        seen.append(capsys.readouterr().err)
        return " " * 15

    monkeypatch.setattr(getpass, "getpass", ask)
    args = type("A", (), {"name": "Spaces " + uuid.uuid4().hex[:6], "role": "adviser", "password_stdin": False,
                          "org": "default"})()
    assert cmd_users_create(args) == 2
    assert PASSWORD_RULE in seen[0] and len(seen) == 1   # told before the first prompt; refused at once
    assert "at least" in capsys.readouterr().err
