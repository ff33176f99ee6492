"""How a front end plugs into the served app and the `pcn` command line.

A front end is a package that declares entry points in pyproject.toml:

- `pcn.frontends`: `register(app)`, called by the HTTP service's app factory after its own
  blueprints, to add the front end's routes (Slack's `/slack/events`, the web pages, Telegram's
  webhook). The service never imports a front end: it only walks this group.
- `pcn.commands`: `register(subparsers)`, adding subcommands to `pcn` (see `engine.cli`).

What a front end may take from the app is named here, so no front end reaches into another's
private state: the rules engine, the database engine, the rate limits and the triage hub
(`core.triage.notify`).
"""
from __future__ import annotations

import logging
import os
from importlib.metadata import entry_points

FRONTENDS = "pcn.frontends"
#: Keys under which the app keeps what front ends share (`app.extensions[...]`).
RULES_ENGINE = "pcn_rules_engine"
DB_ENGINE = "pcn_db_engine"
RATE_LIMITS = "pcn_rate_limits"
log = logging.getLogger(__name__)


def setting(config: dict | None, name: str) -> str | None:
    """A front end's setting: from `config` (e.g. Flask's app.config) first, then the environment,
    surrounding spaces dropped (None when neither has it)."""
    value = (config or {}).get(name) or os.environ.get(name) or None
    return value.strip() if isinstance(value, str) else value


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


def register_frontends(app, only: set[str] | None = None) -> list[str]:
    """Call every installed front end's `register(app)` (or only those named); returns their names."""
    names = []
    for ep in sorted(entry_points(group=FRONTENDS), key=lambda e: e.name):
        if only is not None and ep.name not in only:
            continue
        try:
            register = ep.load()
        except ImportError as exc:  # a front end whose optional dependencies are missing
            log.warning("front end %s unavailable: %s", ep.name, exc)
            continue
        register(app)
        names.append(ep.name)
    return names
