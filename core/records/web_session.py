"""Server-side web sessions and the secrets the app makes for itself.

A browser's session cookie holds only a random token; the row keyed by the token's SHA-256 holds
what the session knows (the practice's reference, a signed-in adviser, the CSRF token), so a
copied cookie stops working the moment the row is deleted (sign-out, a disabled account), and
nothing in the cookie can be read. `app_secrets` keeps keys the app makes itself when none is
configured (the web pages' signing key), one row per name, shared by every worker and instance.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .times import UTCDateTime, utcnow


class WebSession(Base):
    """One browser's session: its data, who is signed in (if anyone) and when it lapses."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)   # sha256 hex of the cookie's token
    data: Mapped[str] = mapped_column(Text, nullable=False)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


class AppSecret(Base):
    """A secret the app made for itself, by name (made once, never changed)."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
