"""The `api_keys` table: named bearer keys for the HTTP API, kept only as SHA-256 hashes, each
belonging to one organisation (`core.records.org`)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .org import DEFAULT_ORG, ORG_LENGTH
from .times import UTCDateTime, utcnow


class ApiKey(Base):
    """A named API key of one organisation: only its SHA-256 is kept; revoked keys stay listed with the
    revocation time."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    scope: Mapped[str] = mapped_column(String(32), nullable=False, default="assess")
    org: Mapped[str] = mapped_column(String(ORG_LENGTH), nullable=False, default=DEFAULT_ORG,
                                     server_default=DEFAULT_ORG)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
