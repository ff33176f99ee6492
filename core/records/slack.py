"""Tables that belong to the Slack front end: Slack events already handled, and where each
triage case was posted in the advisers' Slack channel (so the post can be updated later)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .times import UTCDateTime, utcnow


class SlackEvent(Base):
    """A Slack event id already handled, so Slack's retries of it are acknowledged and skipped."""

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, index=True)


class SlackCasePost(Base):
    """The message a triage case was posted as in the advisers' Slack channel."""

    __tablename__ = "slack_case_posts"

    case_id: Mapped[int] = mapped_column(Integer, ForeignKey("triage_cases.id", ondelete="CASCADE"),
                                         primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    ts: Mapped[str] = mapped_column(String(32), nullable=False)
