"""The `conversations` table: one person's dialogue state on one channel, between turns.

A row carries a version number: two turns that race for the same row cannot both commit, so a
person's answers are never lost or mixed up.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .times import UTCDateTime, utcnow


class Conversation(Base):
    """One person's conversation on one channel ("slack", "chat"): its state as JSON."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "user_ref", name="uq_conversation_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    user_ref: Mapped[str] = mapped_column(String(255), nullable=False)
    state: Mapped[dict] = mapped_column(JSON, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, index=True)

    # optimistic locking: an UPDATE that finds another version raises StaleDataError
    __mapper_args__ = {"version_id_col": version}
