"""Telling people their advice changed after a reassessment, in their own channel, once.

A front end mounted in the app subscribes with `subscribe(app, fn, name)` for its channel; `notifier(app)`
gives `core.reassessing.run` the function that hands each changed (old row, reassessment) pair to the
subscriber of its channel and answers the reassessments whose people were told. A subscriber returns
the `assessment_id`s it told (None: all it was given) and has told them before it returns (Telegram
waits for its event loop), so `pcn reassess --notify` never marks as told a message still queued when
the command ends. The web pages tell by a banner on the old result page (`web.results`). It lives in
core so the front ends, which never import the HTTP service, can subscribe.
A failing subscriber is logged, never raised: the reassessment itself is already stored, and the
people it did not tell are told by the next run with `--notify`.
"""
from __future__ import annotations

import logging

KEY = "pcn_reassessed_hooks"
log = logging.getLogger(__name__)


def subscribe(app, fn, name: str) -> None:
    """Call `fn(items)` with [{channel, user_ref, previous_id, assessment_id, changes}] of channel `name`
    after a batch; `fn` returns the `assessment_id`s it told, or None for all of them."""
    app.extensions.setdefault(KEY, []).append((name, fn))


class Notifier:
    """The `notify` callback for `core.reassessing.run` (see the module's docstring)."""

    def __init__(self, app):
        self.hooks = app.extensions.setdefault(KEY, [])

    @property
    def channels(self) -> frozenset:
        """The channels that have a subscriber."""
        return frozenset(name for name, _ in self.hooks)

    def __call__(self, pairs: list) -> list[str]:
        """Tell each (old row, reassessment) pair's people; the ids of the reassessments told."""
        items = [{"channel": row.channel, "user_ref": row.user_ref, "previous_id": row.id,
                  "assessment_id": out["assessment_id"], "changes": out["changes"]} for row, out in pairs]
        told: list[str] = []
        for name, fn in self.hooks:
            mine = [i for i in items if i["channel"] == name]
            if not mine:
                continue
            try:
                done = fn(mine)
            except Exception:
                log.exception("telling %s users about changed advice failed", name)
                continue
            told += [i["assessment_id"] for i in mine] if done is None else list(done)
        return list(dict.fromkeys(told))


def notifier(app) -> Notifier:
    """The `notify` callback for `core.reassessing.run`: it returns the ids of the reassessments
    whose people were told, and `notify.channels` names the channels that have a subscriber."""
    return Notifier(app)
