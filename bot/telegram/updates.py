"""Telegram update ids already taken in, so an update delivered twice is processed once.

The id is inserted first (`telegram_updates`, the update id as primary key, shared by every worker
process); an IntegrityError means another delivery got there first and this one is skipped. Without
a database (tests of the rendering only) ids are remembered in this process. Old ids are pruned
now and then: Telegram gives up redelivering within a day.
"""
from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from core.db import session_scope
from core.records import TelegramUpdate, utcnow

KEEP = dt.timedelta(days=2)
PRUNE_EVERY = 1000


class UpdateLog:
    """`first_time(update_id)` is True only for the first delivery of an update."""

    def __init__(self, db_engine=None):
        self.db_engine = db_engine
        self._seen: set[int] = set()
        self._lock = threading.Lock()
        self._count = 0

    def first_time(self, update_id: int | None) -> bool:
        """Record the id; False if it was recorded before (an update without an id always passes)."""
        if update_id is None:
            return True
        if self.db_engine is None:
            with self._lock:
                new = update_id not in self._seen
                self._seen.add(update_id)
                return new
        try:
            with session_scope(self.db_engine) as s:
                s.add(TelegramUpdate(update_id=int(update_id), received_at=utcnow()))
        except IntegrityError:
            return False
        with self._lock:
            self._count += 1
            prune = self._count % PRUNE_EVERY == 0
        if prune:
            with session_scope(self.db_engine) as s:
                s.execute(delete(TelegramUpdate).where(TelegramUpdate.received_at < utcnow() - KEEP))
        return True
