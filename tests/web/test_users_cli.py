"""`pcn users list|disable|enable|reset-password`, as an operator uses them: a disabled adviser cannot
sign in and is signed out at once; a reset password ends the sessions signed in with the old one.
"""
from __future__ import annotations

import io
import uuid

import pytest

from core.db import session_scope
from engine.cli import main
from service import create_app
from tests.web.helpers import PASSWORD, post
from web.users import PASSWORD_RULE, create_user


@pytest.fixture
def app(db_url):
    return create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "users-cli-test-secret-key-1234567"})


@pytest.fixture
def adviser(db_engine, db_url, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    name = "Dr Cli " + uuid.uuid4().hex[:8]
    with session_scope(db_engine) as s:
        create_user(s, name, "adviser", PASSWORD)
    return name


def signed_in(app, name: str, password: str = PASSWORD):
    client = app.test_client()
    r = post(client, "/advisers/sign-in", {"name": name, "password": password}, page="/advisers/sign-in")
    return client if r.status_code == 302 and r.location.endswith("/advisers") else None


def test_list_shows_each_account_and_whether_it_is_disabled(adviser, capsys):
    assert main(["users", "list"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(adviser))
    assert "adviser" in line and line.endswith("active")
    assert main(["users", "disable", adviser]) == 0
    capsys.readouterr()
    main(["users", "list"])
    assert "disabled" in next(x for x in capsys.readouterr().out.splitlines() if x.startswith(adviser))


def test_a_disabled_adviser_is_signed_out_and_cannot_sign_in_until_enabled(app, adviser, capsys):
    client = signed_in(app, adviser)
    assert client is not None and client.get("/advisers").status_code == 200
    assert main(["users", "disable", adviser]) == 0
    assert "1 signed-in session ended" in capsys.readouterr().out
    assert client.get("/advisers").status_code == 302          # signed out at once
    assert signed_in(app, adviser) is None
    assert main(["users", "enable", adviser]) == 0
    assert signed_in(app, adviser) is not None


def test_reset_password_says_the_rule_first_and_ends_the_old_sessions(app, adviser, monkeypatch, capsys):
    client = signed_in(app, adviser)
    new = "a new long passphrase"
    monkeypatch.setattr("sys.stdin", io.StringIO(new + "\n"))
    assert main(["users", "reset-password", adviser, "--password-stdin"]) == 0
    assert client.get("/advisers").status_code == 302
    assert signed_in(app, adviser) is None and signed_in(app, adviser, new) is not None
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(capsys.readouterr().err) or "short")
    assert main(["users", "reset-password", adviser]) == 2
    assert PASSWORD_RULE in asked[0]


def test_an_unknown_user_is_named_in_the_error(adviser, capsys):
    assert main(["users", "disable", "Nobody At All"]) == 2
    assert "no user called 'Nobody At All'" in capsys.readouterr().err
