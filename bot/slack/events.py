"""Slack requests already handled, so neither a retried event nor a replayed request runs twice.

Slack resends an event when it thinks the first delivery failed, with the same `event_id`. And a
signed slash command or click sent again within the five minutes its timestamp stays valid (by a
client, proxy or anyone who saw it) passes the signature check: it is known by its signature, which
only Slack can make and which changes with every timestamp. The first request to record an event id
or signature wins (a primary key in `slack_events`, shared by every worker process and instance);
every later one is acknowledged and skipped. Old keys are pruned now and then: Slack retries within
minutes and a signature expires after five, so a day is plenty.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from slack_bolt import BoltResponse

from core.records import SlackEvent, utcnow

KEEP = dt.timedelta(days=1)
PRUNE_EVERY = 500
MEMORY_MAX = 10_000
#: How a replayed request's key starts (event ids start with "Ev"), and how much of the signature it keeps.
SIGNED = "sig:"
SIGNATURE_CHARS = 60   # 240 bits of the HMAC: no two requests share them by chance


def replay_key(signature: str | None) -> str | None:
    """The key a signed request is remembered by (None without a `v0=` signature, e.g. Socket Mode)."""
    if not signature or not signature.startswith("v0="):
        return None
    return SIGNED + signature[3:3 + SIGNATURE_CHARS]


class EventLog:
    """Records event ids; `first_time(id)` is True only for the first delivery of an event."""

    def __init__(self, db_engine=None):
        self.db_engine = db_engine          # None: this process's memory only
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._count = 0

    def first_time(self, event_id: str | None) -> bool:
        """Record the id; False if it was already recorded (requests without an id always pass)."""
        if not event_id:
            return True
        if self.db_engine is None:
            return self._first_in_memory(event_id)
        from sqlalchemy.exc import IntegrityError

        from core.db import session_scope

        try:
            with session_scope(self.db_engine) as s:
                s.add(SlackEvent(event_id=event_id[:64]))
        except IntegrityError:
            return False
        self._maybe_prune()
        return True

    def _first_in_memory(self, event_id: str) -> bool:
        with self._lock:
            if event_id in self._seen:
                return False
            self._seen[event_id] = None
            while len(self._seen) > MEMORY_MAX:
                self._seen.popitem(last=False)
            return True

    def _maybe_prune(self) -> None:
        with self._lock:
            self._count += 1
            if self._count % PRUNE_EVERY:
                return
        from sqlalchemy import delete

        from core.db import session_scope

        with session_scope(self.db_engine) as s:
            s.execute(delete(SlackEvent).where(SlackEvent.received_at < utcnow() - KEEP))


def skip_replays(log: EventLog):
    """Bolt middleware: a slash command, click or form sent again with the same signature is
    acknowledged and dropped before any listener runs (events are deduplicated by event id)."""
    def middleware(req, body, next):
        if body.get("type") in ("event_callback", "url_verification"):
            return next()
        key = replay_key((req.headers.get("x-slack-signature") or [None])[0])
        if key is None or log.first_time(key):
            return next()
        return BoltResponse(status=200, body="")

    return middleware
