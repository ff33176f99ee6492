"""How a front end plugs into the served app and the `pcn` command line.

A front end is a package that declares entry points in pyproject.toml:

- `pcn.frontends`: `register(app)`, called by the HTTP service's app factory after its own
  blueprints, to add the front end's routes (Slack's `/slack/events`, the web pages, Telegram's
  webhook). The service never imports a front end: it only walks this group.
- `pcn.commands`: `register(subparsers)`, adding subcommands to `pcn` (see `engine.cli`).

What a front end may take from the app is named here, so no front end reaches into another's
private state: the rules engine, the database engine, the rate limits and the triage hub
(`core.triage.notify`).

A front end that cannot be loaded stops the start (`StartError`, saying why), with one exception:
when a third-party package it needs is not installed at all and the front end is not configured
(`configured`: no setting of its own is set, e.g. no `SLACK_...` for `slack`, and `FRONTENDS` does
not name it), it is left out with a warning. A typo in our own code, or a package missing for a
front end someone set up, never quietly removes a channel.

Secrets (signing keys, webhook secrets) are at least `MIN_SECRET` characters (`secret_setting`):
anything shorter could be guessed, so the service refuses to start with it.
"""
from __future__ import annotations

import logging
import os
from importlib.metadata import entry_points
from importlib.util import find_spec

FRONTENDS = "pcn.frontends"
#: Keys under which the app keeps what front ends share (`app.extensions[...]`).
RULES_ENGINE = "pcn_rules_engine"
DB_ENGINE = "pcn_db_engine"
RATE_LIMITS = "pcn_rate_limits"
MIN_SECRET = 32
log = logging.getLogger(__name__)


class StartError(RuntimeError):
    """A setting or front end that keeps the service from starting; the message says why."""


def setting(config: dict | None, name: str) -> str | None:
    """A front end's setting: from `config` (e.g. Flask's app.config) first, then the environment,
    surrounding spaces dropped (None when neither has it)."""
    value = (config or {}).get(name) or os.environ.get(name) or None
    return value.strip() if isinstance(value, str) else value


def secret_setting(config: dict | None, name: str) -> str | None:
    """A secret setting (None when unset); StartError when it is set but too short to be secret."""
    value = setting(config, name)
    if value is not None:
        check_secret(name, value)
    return value


def check_secret(name: str, value: str) -> None:
    """StartError unless `value` is long enough to be a secret (`MIN_SECRET` characters)."""
    if len(value) < MIN_SECRET:
        raise StartError(f"{name} is {len(value)} characters long: a secret must be at least {MIN_SECRET} "
                         "characters, or it could be guessed (make one with: python -c \"import secrets; "
                         "print(secrets.token_urlsafe(32))\")")


def rules_engine(app):
    """The app's rules engine (`engine.Engine`)."""
    return app.extensions[RULES_ENGINE]


def db_engine(app):
    """The app's database engine (SQLAlchemy connection pool)."""
    return app.extensions[DB_ENGINE]


def rate_limits(app):
    """The app's rate limits (`service.limits.RateLimits`: `limit`, `guard_failures`, the configured
    values), or None when the app has none."""
    return app.extensions.get(RATE_LIMITS)


def configured(name: str, config: dict | None = None, only: set[str] | None = None) -> bool:
    """Whether front end `name` was set up: `only` (the app's FRONTENDS) names it, or a setting of its
    own (`NAME_...`, in `config` or the environment) is set."""
    if only is not None and name in only:
        return True
    prefix = name.upper() + "_"
    return any(key.startswith(prefix) and value for key, value in (*os.environ.items(), *(config or {}).items()))


def _not_installed(exc: ImportError) -> bool:
    """Whether `exc` says a whole package is not installed (rather than our code naming something wrong)."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return False
    top = exc.name.partition(".")[0]
    try:
        return find_spec(top) is None
    except (ImportError, ValueError):
        return False


def load_frontend(ep, config: dict | None = None, only: set[str] | None = None):
    """Front end `ep`'s `register`, or None when it is left out (an optional package missing and the
    front end not configured); StartError, with the reason, when it cannot load otherwise."""
    try:
        return ep.load()
    except ImportError as exc:
        if _not_installed(exc) and not configured(ep.name, config, only):
            log.warning("front end %s left out: the package %s is not installed", ep.name, exc.name)
            return None
        raise StartError(f"front end {ep.name} cannot load ({ep.value}): {exc}") from exc


def register_frontends(app, only: set[str] | None = None) -> list[str]:
    """Call every installed front end's `register(app)` (or only those named); returns their names."""
    names = []
    for ep in sorted(entry_points(group=FRONTENDS), key=lambda e: e.name):
        if only is not None and ep.name not in only:
            continue
        register = load_frontend(ep, app.config, only)
        if register is None:
            continue
        register(app)
        names.append(ep.name)
    return names
