"""Slack event ids already handled, so a retried delivery (`X-Slack-Retry-Num`) is not processed twice.

Slack resends an event when it thinks the first delivery failed, with the same `event_id`. The first
request to record an id wins (a primary key in `slack_events`, shared by every worker process);
every later one is acknowledged and skipped. Old ids are pruned now and then: Slack retries within
minutes, so a day is plenty.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from core.records import SlackEvent, utcnow

KEEP = dt.timedelta(days=1)
PRUNE_EVERY = 500
MEMORY_MAX = 10_000


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
