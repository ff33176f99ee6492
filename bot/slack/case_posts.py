"""Where each triage case was posted in the advisers' Slack channel (Slack's own table,
`slack_case_posts`), so the post can be updated when the case is claimed or resolved anywhere."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.records import SlackCasePost
from core.triage import casework


def remember(session: Session, case_id: int, channel: str, ts: str, by: str = "slack") -> None:
    """Keep the post of a case (a case is posted once; a repost replaces the old one)."""
    post = session.get(SlackCasePost, case_id)
    if post is None:
        session.add(SlackCasePost(case_id=case_id, channel=channel, ts=ts))
    else:
        post.channel, post.ts = channel, ts
    session.flush()
    casework.add_event(session, case_id, "posted", by, {"channel": channel})


def find(session: Session, case_id: int) -> tuple[str | None, str | None]:
    """(channel, ts) of a case's post, or (None, None) if it was never posted."""
    row = session.execute(select(SlackCasePost.channel, SlackCasePost.ts)
                          .where(SlackCasePost.case_id == case_id)).first()
    return (row[0], row[1]) if row else (None, None)
