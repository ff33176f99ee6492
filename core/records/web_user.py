"""Accounts for the web front door: LMC advisers (and later other roles) who sign in with a password.

Practices need no account. Only a slow password hash is kept (made by the web front end), never
the password itself. Names are unique; `role` says which pages the account may use.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .org import DEFAULT_ORG, ORG_LENGTH
from .times import UTCDateTime, utcnow

ROLES = ("adviser",)


class WebUser(Base):
    """A person who signs in to the web pages: name, role and password hash."""

    __tablename__ = "web_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    org: Mapped[str] = mapped_column(String(ORG_LENGTH), nullable=False, default=DEFAULT_ORG,
                                     server_default=DEFAULT_ORG)   # an adviser's LMC
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)   # cannot sign in since
