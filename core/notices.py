"""Telling people their advice changed after a reassessment, in their own channel, once.

A front end mounted in the app subscribes with `subscribe(app, fn, name)`; `notifier(app)` gives
`core.reassessing.run` the function that hands each changed (old row, reassessment) pair to every
subscriber. The web pages need no message: the old result page shows a banner (see `web.results`). It lives in
core so the front ends, which never import the HTTP service, can subscribe.
A failing subscriber is logged, never raised: the reassessment itself is already stored.
"""
from __future__ import annotations

import logging

KEY = "pcn_reassessed_hooks"
log = logging.getLogger(__name__)


def subscribe(app, fn, name: str) -> None:
    """Call `fn(items)` with [{channel, user_ref, previous_id, assessment_id, changes}] after a run."""
    app.extensions.setdefault(KEY, []).append((name, fn))


def notifier(app):
    """The `notify` callback for `core.reassessing.run`."""
    def notify(pairs: list) -> None:
        items = [{"channel": row.channel, "user_ref": row.user_ref, "previous_id": row.id,
                  "assessment_id": out["assessment_id"], "changes": out["changes"]} for row, out in pairs]
        for name, fn in app.extensions.get(KEY, []):
            mine = [i for i in items if i["channel"] == name]
            if not mine:
                continue
            try:
                fn(mine)
            except Exception:
                log.exception("telling %s users about changed advice failed", name)
    return notify
