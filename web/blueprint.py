"""The one blueprint every web page hangs on, its template environment, and helpers its views share.

Templates are rendered by a Jinja environment of our own (NHS.UK macros need `ChainableUndefined`,
which the rest of the app should not get), with autoescaping on for every template.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Blueprint, current_app, get_flashed_messages, request, session, url_for
from flask_wtf.csrf import generate_csrf
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader

from core import orgs, plugins
from core.dialogue import describe, updates
from core.outline import words

HERE = Path(__file__).resolve().parent
EXTENSION = "pcn_web"
STATIC_URL = "/web-assets"
USER_KEY = "practice"       # the session key of the practice's random reference
bp = Blueprint("web", __name__, static_folder="static", static_url_path=STATIC_URL)

env = Environment(
    loader=ChoiceLoader([FileSystemLoader(HERE / "templates"), PackageLoader("nhsuk_frontend_jinja")]),
    undefined=ChainableUndefined, autoescape=True, trim_blocks=True, lstrip_blocks=True)
env.globals.update(url_for=url_for, csrf_token=generate_csrf, session=session, request=request,
                   get_flashed_messages=get_flashed_messages, describe=describe, words=words, updates=updates,
                   assetPath=STATIC_URL + "/nhsuk/assets")


def render(template: str, status: int = 200, **context):
    """A page from web/templates as an HTML response."""
    html = env.get_template(template).render(knowledge=knowledge(), adviser=session.get("adviser"), **context)
    return current_app.response_class(html, status=status, mimetype="text/html")


def conversations():
    """The app's web `Conversations` (channel "web", the service's database)."""
    return current_app.extensions[EXTENSION]


def knowledge():
    """The knowledge base the app's rules engine runs on."""
    return plugins.rules_engine(current_app).knowledge


def db():
    """The app's database engine."""
    return plugins.db_engine(current_app)


def adviser_sees(s) -> frozenset:
    """The organisations whose cases and assessments the signed-in adviser sees (none when signed out):
    their LMC's own and those it serves."""
    if not session.get("adviser"):
        return frozenset()
    # sessions from before organisations existed are the default LMC's
    return orgs.served(s, session.get("adviser_org") or orgs.DEFAULT_ORG)


def web_principal() -> str:
    """Who this web session is, as changes record it: the signed-in adviser, else the practice."""
    adviser = session.get("adviser")
    return f"web:adviser:{adviser}" if adviser else "web:practice"


def user_ref(create: bool = False) -> str | None:
    """The practice's unguessable reference, kept in the signed session (made on demand)."""
    ref = session.get(USER_KEY)
    if ref is None and create:
        ref = session[USER_KEY] = secrets.token_urlsafe(24)
    return ref
