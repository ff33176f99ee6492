"""Tables that belong to the Telegram front end: the update ids already taken in.

Telegram may deliver one update more than once (a webhook retried after a slow answer, a polling
offset not yet confirmed). The update id is the primary key, so the first worker to insert it owns
the update and every later delivery is skipped. Who is talking in which chat needs no table: a
conversation's `user_ref` is "chat_id:user_id" (see bot.telegram.users).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .times import UTCDateTime, utcnow


class TelegramUpdate(Base):
    """A Telegram update id already taken in (processed once, whatever the number of deliveries)."""

    __tablename__ = "telegram_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, index=True)
