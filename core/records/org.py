"""The `org_links` table: which organisations an LMC (itself an organisation) serves.

An organisation is a name (a practice team, a PCN, an LMC) that API keys and web advisers belong
to; it has no table of its own, it exists by being named. `default` is the organisation every key,
adviser account and API-made assessment had before organisations existed, and the one whose
advisers look after cases opened in Slack, Telegram, the web pages and the chat.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .times import UTCDateTime, utcnow

#: The organisation of rows made before organisations existed, and of channel-made triage cases.
DEFAULT_ORG = "default"
#: The longest organisation name.
ORG_LENGTH = 100


class OrgLink(Base):
    """One LMC serving one organisation: the LMC's advisers see that organisation's cases."""

    __tablename__ = "org_links"

    lmc: Mapped[str] = mapped_column(String(ORG_LENGTH), primary_key=True)
    org: Mapped[str] = mapped_column(String(ORG_LENGTH), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
