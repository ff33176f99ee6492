"""Web accounts (`core.records.WebUser`): creating them and checking passwords.

Passwords are kept only as slow salted hashes (werkzeug's scrypt). Checking an unknown name
still costs one hash, so timing does not tell which names exist.
"""
from __future__ import annotations

from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from core.orgs import DEFAULT_ORG, check_org
from core.records import WebUser, utcnow
from core.records.web_user import ROLES

METHOD = "scrypt"
MIN_PASSWORD = 10
PASSWORD_RULE = (f"A password must be at least {MIN_PASSWORD} characters, not counting spaces at either end "
                 "(a passphrase of a few words is good).")


@cache
def _dummy_hash() -> str:
    # made on the first sign-in, not at import: a slow hash would slow every app start
    return generate_password_hash("not a real password", method=METHOD)


class UserError(ValueError):
    """A name, role or password that cannot be used."""


def normal_name(name: str) -> str:
    """An account name as accounts are stored and looked up: runs of spaces as one, none at the ends."""
    return " ".join((name or "").split())


def check_password(password: str) -> None:
    """UserError (stating `PASSWORD_RULE`) for a password that breaks it: blank, all spaces, too short."""
    if len((password or "").strip()) < MIN_PASSWORD:
        raise UserError(PASSWORD_RULE)


def create_user(session: Session, name: str, role: str, password: str, org: str = DEFAULT_ORG) -> WebUser:
    """Add an account of organisation `org`, an adviser's LMC (UserError for a taken name, unknown role,
    bad organisation name or short password)."""
    try:
        check_org(org)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    name = normal_name(name)
    if not name or len(name) > 100:
        raise UserError("the name must be 1 to 100 characters")
    if role not in ROLES:
        raise UserError(f"the role must be one of {', '.join(ROLES)}")
    check_password(password)
    if session.scalars(select(WebUser).where(WebUser.name == name)).first() is not None:
        raise UserError(f"there is already a user called {name!r}")
    user = WebUser(name=name, role=role, org=org, password_hash=generate_password_hash(password, method=METHOD))
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, name: str, password: str) -> WebUser | None:
    """The account if the password is right and the account is not disabled, else None."""
    user = session.scalars(select(WebUser).where(WebUser.name == normal_name(name))).first()
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    right = check_password_hash(user.password_hash, password or "")
    return user if right and user.disabled_at is None else None


def find_user(session: Session, name: str) -> WebUser:
    """The account called `name` (UserError when there is none)."""
    user = session.scalars(select(WebUser).where(WebUser.name == normal_name(name))).first()
    if user is None:
        raise UserError(f"there is no user called {normal_name(name)!r}")
    return user


def list_users(session: Session) -> list[WebUser]:
    """Every account, by name."""
    return list(session.scalars(select(WebUser).order_by(WebUser.name)))


def set_disabled(session: Session, name: str, disabled: bool) -> WebUser:
    """Disable an account (it cannot sign in) or enable it again; the caller ends its sessions."""
    user = find_user(session, name)
    user.disabled_at = utcnow() if disabled else None
    session.flush()
    return user


def reset_password(session: Session, name: str, password: str) -> WebUser:
    """Give an account a new password (checked against `PASSWORD_RULE`); the caller ends its sessions."""
    check_password(password)
    user = find_user(session, name)
    user.password_hash = generate_password_hash(password, method=METHOD)
    session.flush()
    return user
