"""What keeps the web pages safe: the signing key, the session cookie, CSRF, headers, sign-in limits.

- Sessions are kept in the database (`web.sessions`): the cookie holds a random token only, sign-out
  ends the session, sign-in starts a new one.
- `PCN_SECRET_KEY` signs the CSRF tokens; it must be at least `core.plugins.MIN_SECRET` characters
  (shorter stops the start). Without it, the key is made once and kept in the database
  (`core.app_secrets`), so every worker and instance on that database signs with the same one.
- The cookie is HttpOnly and SameSite=Lax, and Secure whenever the request came over HTTPS.
- Every POST to a web page needs the form's CSRF token (Flask-WTF's `csrf` module), checked only on
  this blueprint: the JSON API and `/slack/events` do not carry one.
- Web pages get a Content-Security-Policy allowing scripts only from this server (and the one
  inline line the NHS.UK page template needs, by its hash).
- Rate limits (the service's one mechanism, `core.plugins.rate_limits`): the pages per address,
  failed sign-ins per (normalised) name and per address (failures only: the right password from
  that address still works), and cases opened for the advisers per address (`PCN_CASE_LIMIT`).
"""
from __future__ import annotations

import base64
import hashlib
import logging
import re
from importlib.resources import files

from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from werkzeug.exceptions import HTTPException
from wtforms.validators import ValidationError

from core import plugins
from core.app_secrets import shared_secret

from .blueprint import STATIC_URL, bp, env, render
from .sessions import ServerSessionInterface
from .users import normal_name

log = logging.getLogger(__name__)
SECRET_ENV = "PCN_SECRET_KEY"
DB_KEY = "web_signing_key"   # its name in `app_secrets`
#: Paths the web pages own: errors there are pages, elsewhere the API's problem documents.
#: The pages where a visitor (no account) opens a case for the advisers: limited per address.
CASE_OPENERS = ("web.ask_adviser", "web.ask_question_adviser")
PAGE_PREFIXES = ("/start", "/questions", "/check", "/assessments/", "/ask", "/advisers", STATIC_URL)


def _template_script_hash() -> str:
    template = files("nhsuk_frontend_jinja").joinpath("templates/nhsuk/template.jinja").read_text(encoding="utf-8")
    script = re.search(r"<script[^>]*>(.*?)</script>", template, re.S).group(1)
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


CSP = ("default-src 'self'; script-src 'self' " + _template_script_hash() + "; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


class SessionInterface(ServerSessionInterface):
    """Sessions kept in the database, their cookie marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        """Secure when configured so, or when this request is HTTPS."""
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def configured_key(config) -> str | None:
    """`SECRET_KEY` from the config, else `PCN_SECRET_KEY` (None when neither is set; StartError when
    the one set is too short to be secret)."""
    if config.get("SECRET_KEY"):
        plugins.check_secret("SECRET_KEY", config["SECRET_KEY"])
        return config["SECRET_KEY"]
    return plugins.secret_setting(config, SECRET_ENV)


def configure(app: Flask) -> None:
    """Set the key and the session cookie on the app."""
    app.secret_key = configured_key(app.config)
    if app.secret_key is None:
        log.info("%s is not set: the web pages sign with a key kept in the database", SECRET_ENV)
    app.config.setdefault("SESSION_COOKIE_NAME", "pcn_web")
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    app.session_interface = SessionInterface()
    env.globals["csrf_token"] = csrf_token


@bp.before_request
def signing_key() -> None:
    """Without a configured key, the one kept in the database, fetched the first time a page needs
    it (not at start: the app can start on a database not yet migrated, and say so at /readyz)."""
    if current_app.secret_key is None:
        current_app.secret_key = shared_secret(plugins.db_engine(current_app), DB_KEY)


def csrf_token() -> str:
    """The form's CSRF token (templates call it; error pages too, which may run before `signing_key`)."""
    signing_key()
    return generate_csrf()


def sign_in_name() -> str:
    """Whose sign-in a request attempts, as its failures are counted: the name as accounts are
    looked up (spaces and capitals make no difference)."""
    return "name:" + normal_name(request.form.get("name") or "")[:100].lower()


def rate_limit(app: Flask) -> None:
    """The pages' limits: requests per address, and failed sign-ins per name and per address."""
    limits = plugins.rate_limits(app)
    if limits is None:
        return
    limits.limit(bp, limits.general, scope="web")
    limits.limit("web.sign_in", limits.sign_in, key=sign_in_name, methods=["POST"], only_failures=True,
                 message="Too many failed sign-ins for this name. Wait a while, then try again.")
    limits.guard_failures("web.sign_in", methods=["POST"])
    for endpoint in CASE_OPENERS:   # one count for both ways in
        limits.limit(endpoint, limits.cases, scope="web-cases", methods=["POST"],
                     message="Too many requests to the LMC advisers from this address. Wait a while, then try "
                             "again, or contact your LMC directly.")


@bp.before_request
def check_csrf():
    """Every form posted to a web page must carry its CSRF token."""
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as exc:
            raise CSRFError(str(exc)) from None


@bp.after_request
def headers(response):
    """Security headers on every web page."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(CSRFError)
def csrf_failed(exc):
    """A form without a valid token (expired, or from another site)."""
    return headers(render("error.html", 400, title="This form has expired",
                          message="For your security the form could not be sent. Go back, reload the page "
                                  "and try again."))


def is_page(path: str) -> bool:
    """Whether a path belongs to the web pages (any route of theirs, or a missing one under theirs)."""
    return request.blueprint == bp.name or path == "/" or path.startswith(PAGE_PREFIXES)


def page_errors(app: Flask) -> None:
    """HTTP errors on web paths as pages; everywhere else as the app already answers them."""
    fallback = app.error_handler_spec.get(None, {}).get(None, {}).get(HTTPException)
    titles = {400: "Something you sent could not be used", 404: "Page not found", 405: "That cannot be done here",
              413: "That was too much to send", 414: "That web address is too long", 429: "Too many attempts"}

    def handle(exc: HTTPException):
        if not is_page(request.path):
            return fallback(exc) if fallback else exc
        response = render("error.html", exc.code or 500, title=titles.get(exc.code, "Something went wrong"),
                          message=exc.description if exc.code in (400, 413, 429) else None, code=exc.code)
        return headers(response)

    for code in titles:
        app.register_error_handler(code, handle)
