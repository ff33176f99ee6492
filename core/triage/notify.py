"""Telling the other front ends about triage changes (e.g. Slack posts and DMs, Telegram replies).

Whoever changes a case calls `emit(app, event, case_ids, origin)` after committing: the HTTP views
and the web pages, and the Slack adviser buttons (origin "slack"). A front end mounted in the same
app subscribes with `subscribe(app, fn, name)` and is not told of its own changes (it has already
done what they call for). Subscribers must return quickly (hand the work to a thread): a request
never waits for Slack. A failing subscriber is logged, never raised.
"""
from __future__ import annotations

import logging

KEY = "pcn_triage_hooks"
EVENTS = ("opened", "claimed", "resolved")
log = logging.getLogger(__name__)


def subscribe(app, fn, name: str | None = None) -> None:
    """Call `fn(event, case_ids)` after each triage change made through `app` (but for those made
    by the front end called `name` itself)."""
    app.extensions.setdefault(KEY, []).append((name, fn))


def emit(app, event: str, case_ids: list[int], origin: str | None = None) -> None:
    """Tell every subscriber (but the `origin` front end) that cases were opened, claimed or resolved."""
    if not case_ids:
        return
    for name, fn in app.extensions.get(KEY, []):
        if origin is not None and name == origin:
            continue
        try:
            fn(event, list(case_ids))
        except Exception:  # a front end's trouble must not fail the request that already succeeded
            log.exception("triage %s hook failed", event)
