"""Telling other front ends about triage changes made over HTTP (e.g. Slack posts and DMs).

The HTTP views call `emit(app, event, case_ids)` after committing; a front end mounted in the same
app (the Slack app) subscribes with `subscribe(app, fn)`. Subscribers must return quickly (hand the
work to a thread): a request never waits for Slack. A failing subscriber is logged, never raised.
"""
from __future__ import annotations

import logging

KEY = "pcn_triage_hooks"
EVENTS = ("opened", "claimed", "resolved")
log = logging.getLogger(__name__)


def subscribe(app, fn) -> None:
    """Call `fn(event, case_ids)` after each triage change made through `app`."""
    app.extensions.setdefault(KEY, []).append(fn)


def emit(app, event: str, case_ids: list[int]) -> None:
    """Tell every subscriber that cases were opened, claimed or resolved."""
    if not case_ids:
        return
    for fn in app.extensions.get(KEY, []):
        try:
            fn(event, list(case_ids))
        except Exception:  # a front end's trouble must not fail the request that already succeeded
            log.exception("triage %s hook failed", event)
