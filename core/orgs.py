"""Organisations and who sees what: the principal behind a request, and the rows it may see.

An API key belongs to one organisation (a practice team, a PCN or an LMC). Assessments made
through the API are owned by the key's organisation; ones made in Slack, Telegram, the web pages or
the chat are owned by their channel's user (`channel`, `user_ref`) and no API key sees them. A
triage case is owned by the organisation of the assessment it is about, or by `default` when it
was opened in a chat or the web. An adviser (an `adviser` key, or an adviser's web account) sees
its own organisation's cases and those of every organisation its LMC serves (`org_links`), and the
assessments behind them. Rows a principal may not see are treated exactly as rows that do not exist.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .records import DEFAULT_ORG, ORG_LENGTH, Assessment, OrgLink, TriageCase, utcnow

__all__ = ["DEFAULT_ORG", "Principal", "check_org", "links", "serve", "served", "unserve"]

#: What an organisation name can look like: a short slug, so it reads the same in every listing.
ORG_PATTERN = re.compile(rf"[a-z0-9][a-z0-9_.-]{{0,{ORG_LENGTH - 1}}}")


def check_org(org: str) -> str:
    """`org` if it is a valid organisation name (lower-case letters, digits, `_ . -`), else ValueError."""
    if not isinstance(org, str) or not ORG_PATTERN.fullmatch(org):
        raise ValueError(f"an organisation name is 1 to {ORG_LENGTH} of a-z, 0-9, '_', '.', '-', "
                         f"starting with a letter or digit (got {org!r})")
    return org


@dataclass(frozen=True)
class Principal:
    """Who is asking, as authenticated: how changes record them (`by`), their organisation, and the
    organisations whose assessments and cases they may see."""

    by: str
    org: str
    sees: frozenset

    def sees_assessment(self, row: Assessment | None) -> bool:
        """Whether this principal may see the assessment (never one owned by a chat or web user)."""
        return row is not None and row.owner_org is not None and row.owner_org in self.sees

    def sees_case(self, case: TriageCase | None) -> bool:
        """Whether this principal may see the triage case."""
        return case is not None and case.owner_org in self.sees


def served(session: Session, lmc: str) -> frozenset:
    """The organisations an adviser of `lmc` sees: its own and every one it serves."""
    return frozenset({lmc, *session.scalars(select(OrgLink.org).where(OrgLink.lmc == lmc))})


def serve(session: Session, lmc: str, org: str) -> bool:
    """Record that `lmc` serves `org` (True if new, False if it already did)."""
    check_org(lmc), check_org(org)
    if session.get(OrgLink, (lmc, org)) is not None:
        return False
    session.add(OrgLink(lmc=lmc, org=org, created_at=utcnow()))
    session.flush()
    return True


def unserve(session: Session, lmc: str, org: str) -> bool:
    """Stop `lmc` serving `org` (False if it did not)."""
    link = session.get(OrgLink, (lmc, org))
    if link is None:
        return False
    session.delete(link)
    session.flush()
    return True


def links(session: Session) -> list[tuple[str, str]]:
    """Every (lmc, org) link, by LMC then organisation."""
    return [(r.lmc, r.org) for r in session.scalars(select(OrgLink).order_by(OrgLink.lmc, OrgLink.org))]
