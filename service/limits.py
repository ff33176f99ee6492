"""Rate limits: how often one client may call the service, one mechanism (Flask-Limiter) for the API
and every front end.

- `PCN_RATE_LIMIT` (default 600 per minute): `/v1` requests per API key (per client address when
  the request has no bearer key); front ends apply it to their pages per address.
- `PCN_AUTH_FAILURE_LIMIT` (default 30 per 10 minutes): answers of 401 per client address. Only
  failures count, and once they are used up the address gets 429 before any key, signature or
  secret is even checked, so guessing keys (or forging Slack or Telegram requests) is throttled.
- `PCN_SIGN_IN_LIMIT` (default 5 per 15 minutes): failed adviser sign-ins per name (and four
  times that per address), applied by the web pages.
- Any of them set to `off` turns that limit off (the tests do, except where they test one).
- `PCN_RATE_LIMIT_STORAGE`: where the counts live: `memory://` (default: each process counts on its
  own) or `redis://host:6379/0`, shared by every worker and instance. If the store cannot be
  reached, requests are let through and the error is logged, rather than the service stopping.
- `PCN_TRUSTED_PROXIES` (default 0): how many proxies (load balancers) in front of the service add
  `X-Forwarded-For`; set it so the client address is the client's and not the proxy's.

A request over a limit gets 429 with `Retry-After` (seconds): a problem document on the API, a page
on the web pages. Front ends reach the limiter through `core.plugins.rate_limits(app)`.
"""
from __future__ import annotations

import logging
import time

from flask import Flask, request
from flask_limiter import Limiter
from werkzeug.middleware.proxy_fix import ProxyFix

from core import plugins
from core.api_keys import hash_key

log = logging.getLogger(__name__)
DEFAULTS = {
    "PCN_RATE_LIMIT": "600 per minute",
    "PCN_AUTH_FAILURE_LIMIT": "30 per 10 minutes",
    "PCN_SIGN_IN_LIMIT": "5 per 15 minutes",
}
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


class RateLimits:
    """The app's limiter and its configured limits; `limit(...)` puts one on a blueprint or a route."""

    def __init__(self, app: Flask):
        self.app = app
        self.values = {name: self._value(app.config, name) for name in DEFAULTS}
        storage = plugins.setting(app.config, "PCN_RATE_LIMIT_STORAGE") or "memory://"
        self.limiter = Limiter(address, app=app, storage_uri=storage, strategy="moving-window",
                               key_prefix="pcn", headers_enabled=False, swallow_errors=True)
        app.after_request(self._retry_after)

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

    def guard_failures(self, target, methods: list[str] | None = None) -> None:
        """Throttle failed authentication at `target` (for `methods`, default all) per address: one
        count per address for every target (see `PCN_AUTH_FAILURE_LIMIT`)."""
        self.limit(target, self.auth_failures, scope="auth", only_failures=True, methods=methods,
                   message="Too many failed attempts to authenticate from this address.")

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
