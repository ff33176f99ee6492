"""Triage tables: one row per adviser case, and an append-only history of what happened to it.

A case is opened for one reason (an advice flag of an assessment, a practice's request, or a
question the knowledge base could not answer) and carries the facts the triage rules read, the
priority and topic they concluded, and the cited reasons. `dedupe_key` is unique among cases not
yet resolved, so the same assessment and flag never has two open cases, even under races.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .org import DEFAULT_ORG, ORG_LENGTH
from .times import UTCDateTime, utcnow

STATUSES = ("open", "claimed", "resolved")
KINDS = ("flag", "request", "question")
UNRESOLVED = text("status <> 'resolved'")


class TriageCase(Base):
    """A case for the LMC advisers: why it was opened, its priority and topic, who has it."""

    __tablename__ = "triage_cases"
    __table_args__ = (
        Index("uq_triage_cases_open_dedupe", "dedupe_key", unique=True,
              sqlite_where=UNRESOLVED, postgresql_where=UNRESOLVED),
        Index("ix_triage_cases_queue", "status", "rank", "created_at"),
        Index("uq_triage_cases_reference", "reference", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    priority: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    rank: Mapped[int] = mapped_column(Integer, nullable=False)          # 0 = urgent ... 3 = routine
    topic: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    reasons: Mapped[list] = mapped_column(JSON, nullable=False)
    facts: Mapped[dict] = mapped_column(JSON, nullable=False)           # what the triage rules read
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    flag_code: Mapped[str | None] = mapped_column(String(100), nullable=True)
    flag: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    question: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    assessment_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("assessments.id"), nullable=True, index=True)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)    # http | slack | chat
    user_ref: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    # No foreign key: the conversations table belongs to the bot, which the service does not need.
    conversation_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # whose case it is: the API key's organisation, or `default` for cases opened in a chat or the web
    owner_org: Mapped[str] = mapped_column(String(ORG_LENGTH), nullable=False, default=DEFAULT_ORG,
                                           server_default=DEFAULT_ORG, index=True)
    dedupe_key: Mapped[str] = mapped_column(String(300), nullable=False)
    rules_version: Mapped[str] = mapped_column(String(64), nullable=False)
    opened_by: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)
    # who asked, as they named themselves (a practice or network) and how to reach them, if they said
    practice_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # the practice's own link to the case (/cases/<reference>): unguessable, works in any browser
    reference: Mapped[str | None] = mapped_column(String(64), nullable=True)
    related_flags: Mapped[list | None] = mapped_column(JSON, nullable=True)   # other advice flags it covers


class TriageEvent(Base):
    """One change to a case (opened, posted, claimed, resolved, notified): who, when, details."""

    __tablename__ = "triage_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(Integer, ForeignKey("triage_cases.id", ondelete="CASCADE"),
                                         nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    by: Mapped[str] = mapped_column(String(255), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    detail: Mapped[dict | None] = mapped_column(JSON, nullable=True)
