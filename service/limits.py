"""Rate limits: how often one client may call the service, one mechanism (Flask-Limiter) for the API
and every front end.

- `PCN_RATE_LIMIT` (default 600 per minute): `/v1` requests per API key (per client address when
  the request has no bearer key); front ends apply it to their pages per address.
- `PCN_AUTH_FAILURE_LIMIT` (default 30 per 10 minutes): failed authentications (answers of 401) per
  client address. Once they are used up, further failures from that address get 429 instead of
  401, but valid credentials still work: one guesser behind a trust's shared address must not lock
  out everyone else there. Guessing stays hopeless where the secret is long (API keys, Slack
  signatures, the Telegram secret); adviser passwords are guarded by the per-name lock below.
- `PCN_SIGN_IN_LIMIT` (default 5 per 15 minutes): failed adviser sign-ins per name (as accounts are
  looked up: spaces and capitals make no difference); once used up, that name cannot sign in for
  a while, even with the right password. Applied by the web pages.
- `PCN_CASE_LIMIT` (default 10 per hour): adviser cases opened from the web pages per address
  (practices need no account, so this is what stops one address flooding the advisers' queue).
- Any of them set to `off` turns that limit off (the tests do, except where they test one).
- `PCN_RATE_LIMIT_STORAGE`: where the counts live: `memory://` (default) or `redis://host:6379/0`,
  shared by every worker and instance. With `memory://` each worker process counts on its own, so
  with N workers (and M instances) a client may make up to N x M times each limit; every worker says
  so in the log when it starts. If the store cannot be reached, requests are let through and a
  warning is logged (at most once a minute per worker), rather than the service stopping.
- `PCN_TRUSTED_PROXIES` (default 0): how many proxies (load balancers) in front of the service add
  `X-Forwarded-For`; set it so the client address is the client's and not the proxy's.

A request over a limit gets 429 with `Retry-After` (seconds): a problem document on the API, a page
on the web pages. Front ends reach the limiter through `core.plugins.rate_limits(app)`.
"""
from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from flask import Flask, request
from flask_limiter import Limiter
from limits import parse
from werkzeug.exceptions import TooManyRequests
from werkzeug.middleware.proxy_fix import ProxyFix

from core import plugins
from core.api_keys import hash_key

log = logging.getLogger(__name__)
DEFAULTS = {
    "PCN_RATE_LIMIT": "600 per minute",
    "PCN_AUTH_FAILURE_LIMIT": "30 per 10 minutes",
    "PCN_SIGN_IN_LIMIT": "5 per 15 minutes",
    "PCN_CASE_LIMIT": "10 per hour",
}
STORE_WARNING_EVERY_S = 60
OFF = {"off", "none", "0", "false", "no"}


def address() -> str:
    """The client's address (behind `PCN_TRUSTED_PROXIES` proxies, the one they forwarded)."""
    return "addr:" + (request.remote_addr or "unknown")


def api_client() -> str:
    """Who an API request counts against: its bearer key (hashed), else its address."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and key.strip():
        return "key:" + hash_key(key.strip())
    return address()


def unauthorized(response) -> bool:
    """Whether a response counts as a failed authentication."""
    return response.status_code == 401


class StoreErrors:
    """Flask-Limiter's logger, except that the store failing (logged by it on every request, or not
    at all: its logger has no handler) becomes one warning of ours a minute."""

    def __init__(self, storage: str):
        parts = urlsplit(storage)
        self.store = f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"  # no password
        self.inner = logging.getLogger("flask-limiter")
        self._last = float("-inf")
        self._lock = threading.Lock()

    def failed(self, exc: BaseException | None) -> None:
        """The store did not answer: warn, unless this worker already did in the last minute."""
        with self._lock:
            now = time.monotonic()
            if now - self._last < STORE_WARNING_EVERY_S:
                return
            self._last = now
        log.warning("the rate-limit store %s cannot be reached (%s): requests are let through without limits "
                    "until it answers", self.store, exc)

    def exception(self, msg, *args, **kwargs) -> None:
        import sys

        self.failed(sys.exc_info()[1])

    def __getattr__(self, name):
        return getattr(self.inner, name)


class RateLimits:
    """The app's limiter and its configured limits; `limit(...)` puts one on a blueprint or a route."""

    def __init__(self, app: Flask):
        self.app = app
        self.values = {name: self._value(app.config, name) for name in DEFAULTS}
        storage = plugins.setting(app.config, "PCN_RATE_LIMIT_STORAGE") or "memory://"
        self.limiter = Limiter(address, app=app, storage_uri=storage, strategy="moving-window",
                               key_prefix="pcn", headers_enabled=False, swallow_errors=True)
        self.errors = self.limiter.logger = StoreErrors(storage)
        self._guarded: dict[str, set[str] | None] = {}
        app.after_request(self._retry_after)
        app.after_request(self._slow_failures)
        if storage.startswith("memory://") and any(self.values.values()):
            log.warning("rate limits are counted by each worker process on its own (PCN_RATE_LIMIT_STORAGE is "
                        "memory://): with several workers or instances a client may make that many times each "
                        "limit; set PCN_RATE_LIMIT_STORAGE=redis://... to share one count")

    @staticmethod
    def _value(config, name: str) -> str | None:
        value = plugins.setting(config, name) or DEFAULTS[name]
        return None if str(value).strip().lower() in OFF else str(value)

    @property
    def general(self) -> str | None:
        """Requests per key or address (None: off)."""
        return self.values["PCN_RATE_LIMIT"]

    @property
    def auth_failures(self) -> str | None:
        """401 answers per address (None: off)."""
        return self.values["PCN_AUTH_FAILURE_LIMIT"]

    @property
    def sign_in(self) -> str | None:
        """Failed sign-ins per name (None: off)."""
        return self.values["PCN_SIGN_IN_LIMIT"]

    def limit(self, target, value: str | None, *, key=address, scope: str | None = None,
              only_failures: bool = False, methods: list[str] | None = None, message: str | None = None) -> None:
        """Limit `target` (a blueprint, or an endpoint's name) to `value` requests per `key`; all
        targets given the same `scope` share one count; `only_failures` counts only 401 answers."""
        if not value:
            return
        # a route's own limits add to its blueprint's rather than replacing them
        options = {"key_func": key, "deduct_when": unauthorized if only_failures else None, "methods": methods,
                   "error_message": message or f"Too many requests: at most {value}.", "override_defaults": False}
        decorate = (self.limiter.shared_limit(value, scope, **options) if scope
                    else self.limiter.limit(value, **options))
        if isinstance(target, str):
            self.app.view_functions[target] = decorate(self.app.view_functions[target])
        else:
            decorate(target)

    @property
    def cases(self) -> str | None:
        """Adviser cases opened from the web pages per address (None: off)."""
        return self.values["PCN_CASE_LIMIT"]

    def guard_failures(self, target, methods: list[str] | None = None) -> None:
        """Slow down failed authentication at `target` (a blueprint, or an endpoint's name; for
        `methods`, default all) per address: one count per address for every target, and only
        failures are held back (see `PCN_AUTH_FAILURE_LIMIT`)."""
        if self.auth_failures:
            self._guarded[target if isinstance(target, str) else target.name] = set(methods) if methods else None

    def _slow_failures(self, response):
        """A 401 at a guarded place counts against the address; past the limit it becomes a 429."""
        if response.status_code != 401 or not self._is_guarded():
            return response
        limit = parse(self.auth_failures)
        try:
            allowed = self.limiter.limiter.hit(limit, "pcn", "auth-failures", address())
        except Exception as exc:  # the store is down: let it through, and say so (once a minute)
            self.errors.failed(exc)
            return response
        if allowed:
            return response
        wait = self.limiter.limiter.get_window_stats(limit, "pcn", "auth-failures", address()).reset_time - time.time()
        refused = TooManyRequests("Too many failed attempts to authenticate from this address.")
        answer = self.app.make_response(self.app.handle_http_exception(refused))
        answer.headers["Retry-After"] = str(max(1, int(wait)))
        return answer

    def _is_guarded(self) -> bool:
        for name in (request.endpoint, request.blueprint):
            if name in self._guarded:
                methods = self._guarded[name]
                return methods is None or request.method in methods
        return False

    def _retry_after(self, response):
        if response.status_code == 429 and "Retry-After" not in response.headers:
            current = self.limiter.current_limit
            wait = current.reset_at - time.time() if current is not None else 60
            response.headers["Retry-After"] = str(max(1, int(wait)))
        return response


def init_app(app: Flask, api_blueprints: list) -> RateLimits:
    """Set up the app's rate limits and apply them to the API's blueprints."""
    proxies = int(plugins.setting(app.config, "PCN_TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    limits = app.extensions[plugins.RATE_LIMITS] = RateLimits(app)
    for bp in api_blueprints:
        limits.limit(bp, limits.general, key=api_client, scope="api",
                     message=f"Too many requests for this API key: at most {limits.general}.")
        limits.guard_failures(bp)
    return limits
