"""The assessment aggregate: one stored assessment and the state of its checklist items.

The result is kept exactly as first returned, as compressed JSON (`core.compress`).
"""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .. import jsonutil
from ..compress import unpack
from ..db import Base
from .org import ORG_LENGTH
from .times import UTCDateTime, utcnow


def new_id() -> str:
    """A new assessment id: a uuid4 as 32 hex digits."""
    return uuid.uuid4().hex


class Assessment(Base):
    """One assessment: the facts given, the engine's result, and where it came from.

    The result is kept as compressed JSON text (`result_zst`), exactly as it was first returned;
    `result_json` is that text and `result` the parsed object.
    """

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    facts: Mapped[dict] = mapped_column(JSON, nullable=False)
    result_zst: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    rules_version: Mapped[str] = mapped_column(String(64), nullable=False)
    contract_year: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    channel: Mapped[str] = mapped_column(String(16), nullable=False, default="http")
    user_ref: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    # the organisation of the API key that made it; None for one made in a chat or the web, which
    # belongs to its channel's user (`channel`, `user_ref`) and no API key can see
    owner_org: Mapped[str | None] = mapped_column(String(ORG_LENGTH), nullable=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, index=True)
    # the assessment this one reassessed under newer rules (`core.versions`), and when its person was told
    previous_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    notified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # on a reassessment, what changed for its people (`core.change_brief.what_changed`, comma-separated;
    # "" when nothing they are told about did) and the before and after of each (`change_brief`)
    changed: Mapped[str | None] = mapped_column(String(64), nullable=True)
    change_brief: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # the assessment its chain of reassessments started from (the one its person made)
    first_id: Mapped[str | None] = mapped_column(String(32), nullable=True)

    @property
    def result_json(self) -> bytes:
        """The engine's result as the JSON text first returned."""
        cached = self.__dict__.get("_result_json")
        if cached is None:
            cached = self.__dict__["_result_json"] = unpack(self.result_zst)
        return cached

    @property
    def result(self) -> dict:
        """The engine's result (parsed once per loaded row; treat it as read-only)."""
        cached = self.__dict__.get("_result")
        if cached is None:
            cached = self.__dict__["_result"] = jsonutil.loads(self.result_json)
        return cached


class ChecklistItemState(Base):
    """Whether one checklist item of one assessment is done, who said so (as authenticated), when, and
    any note they added."""

    __tablename__ = "checklist_item_states"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id", name="uq_checklist_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False, index=True)
    item_id: Mapped[str] = mapped_column(String(100), nullable=False)
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    by: Mapped[str] = mapped_column(String(255), nullable=False)        # who did it, as authenticated
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    note: Mapped[str | None] = mapped_column(String(255), nullable=True)   # free text they added
