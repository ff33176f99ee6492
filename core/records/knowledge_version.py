"""The knowledge versions ever used: each `rules_version` with its whole knowledge, kept so any stored
assessment can be rerun under the exact rules that made it (`core.versions`).

`files` is the knowledge folder's YAML (what `engine.knowledge.load` reads and hashes: `*.yaml` and
`rules/*.yaml`) as compressed JSON `{path: text}`. A row is written once, on the version's first
use, and never changed.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .times import UTCDateTime, utcnow


class KnowledgeVersion(Base):
    """One version of the knowledge: its hash, when it was first used, and its files."""

    __tablename__ = "knowledge_versions"

    rules_version: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow, index=True)
    files_zst: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
