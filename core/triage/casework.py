"""Reading and changing triage cases: the queue, claiming, resolving, and the history of each case.

Claiming and resolving are single conditional UPDATEs, so two advisers clicking at once cannot
both win: the first keeps the case and the second gets `CaseConflict`. Every change adds a row to
`triage_events` with who and when. Functions flush, never commit: the caller owns the transaction.
"""
from __future__ import annotations

from sqlalchemy import exists, func, literal, or_, select, update
from sqlalchemy.orm import Session

from core.records import TriageCase, TriageEvent, UTCDateTime, isoformat, utcnow

MAX_ID = 2**31 - 1   # an integer column: larger ids cannot exist (and PostgreSQL would reject them)
ACTIVE = ("open", "claimed")


class CaseNotFound(KeyError):
    """No case has this id."""


class CaseConflict(Exception):
    """The case is not in a state that allows the change (claimed by someone else, already resolved)."""


def get_case(session: Session, case_id) -> TriageCase | None:
    """The case with this id, or None (also for ids that cannot exist)."""
    if not isinstance(case_id, int) or isinstance(case_id, bool) or not 0 < case_id <= MAX_ID:
        return None
    return session.get(TriageCase, case_id, populate_existing=True)


def list_cases(session: Session, status: str | None = None, priority: str | None = None,
               topic: str | None = None, limit: int = 100, user_ref: str | None = None,
               assessment_id: str | None = None, orgs=None) -> list[TriageCase]:
    """Cases, most pressing first (priority, then oldest); `status="active"` means open or claimed;
    only those owned by one of `orgs` when given."""
    query = select(TriageCase).order_by(TriageCase.rank, TriageCase.created_at, TriageCase.id).limit(limit)
    if status == "active":
        query = query.where(TriageCase.status.in_(ACTIVE))
    elif status:
        query = query.where(TriageCase.status == status)
    for column, value in ((TriageCase.priority, priority), (TriageCase.topic, topic),
                          (TriageCase.user_ref, user_ref), (TriageCase.assessment_id, assessment_id)):
        if value is not None:
            query = query.where(column == value)
    if orgs is not None:
        query = query.where(TriageCase.owner_org.in_(sorted(orgs)))
    return list(session.scalars(query))


def add_event(session: Session, case_id: int, action: str, by: str, detail: dict | None = None) -> None:
    """Record one change to a case."""
    session.add(TriageEvent(case_id=case_id, action=action, by=by, at=utcnow(), detail=detail))
    session.flush()


def events(session: Session, case_id: int) -> list[TriageEvent]:
    """A case's history, oldest first."""
    return list(session.scalars(select(TriageEvent).where(TriageEvent.case_id == case_id)
                                .order_by(TriageEvent.at, TriageEvent.id)))


def _conflict(case: TriageCase, by: str, wanted: str) -> CaseConflict:
    if case.status == "resolved":
        return CaseConflict(f"case {case.id} was already resolved by {case.resolved_by}")
    if case.claimed_by == by:
        return CaseConflict(f"case {case.id} is already claimed by you")
    return CaseConflict(f"case {case.id} is claimed by {case.claimed_by}, who must {wanted} it")


def claim(session: Session, case_id: int, by: str) -> TriageCase:
    """Take an open case (CaseNotFound, or CaseConflict if anyone has claimed or resolved it)."""
    if get_case(session, case_id) is None:
        raise CaseNotFound(case_id)
    now = utcnow()
    done = session.execute(update(TriageCase).where(TriageCase.id == case_id, TriageCase.status == "open")
                           .values(status="claimed", claimed_by=by, claimed_at=now, updated_at=now)
                           .execution_options(synchronize_session=False)).rowcount
    case = get_case(session, case_id)
    if not done:
        raise _conflict(case, by, "keep")
    add_event(session, case_id, "claimed", by)
    return case


def resolve(session: Session, case_id: int, by: str, note: str) -> TriageCase:
    """Close a case with the adviser's note: an open case, or one `by` has claimed."""
    if not (note or "").strip():
        raise ValueError("a case is resolved with a note for the practice")
    if get_case(session, case_id) is None:
        raise CaseNotFound(case_id)
    now = utcnow()
    mine = or_(TriageCase.status == "open", (TriageCase.status == "claimed") & (TriageCase.claimed_by == by))
    done = session.execute(update(TriageCase).where(TriageCase.id == case_id, mine)
                           .values(status="resolved", resolved_by=by, resolved_at=now, resolution=note, updated_at=now,
                                   # resolved straight from the queue: the resolver owned it
                                   claimed_by=func.coalesce(TriageCase.claimed_by, by),
                                   claimed_at=func.coalesce(TriageCase.claimed_at, literal(now, UTCDateTime)))
                           .execution_options(synchronize_session=False)).rowcount
    case = get_case(session, case_id)
    if not done:
        raise _conflict(case, by, "resolve")
    add_event(session, case_id, "resolved", by, {"note": note})
    return case


def undelivered(session: Session, channel: str, user_ref: str) -> list[TriageCase]:
    """A person's resolved cases whose answer has not yet been passed on to them."""
    told = exists().where(TriageEvent.case_id == TriageCase.id, TriageEvent.action == "notified")
    return list(session.scalars(select(TriageCase).where(
        TriageCase.channel == channel, TriageCase.user_ref == user_ref, TriageCase.status == "resolved", ~told)
        .order_by(TriageCase.resolved_at, TriageCase.id)))


def event_json(e: TriageEvent) -> dict:
    """One history entry as the API returns it."""
    return {"action": e.action, "by": e.by, "at": isoformat(e.at), "detail": e.detail}


def case_json(case: TriageCase, history: list[TriageEvent] | None = None) -> dict:
    """A case as the API returns it (with its history when given)."""
    out = {"id": case.id, "status": case.status, "priority": case.priority, "topic": case.topic,
           "kind": case.kind, "reasons": case.reasons, "facts": case.facts, "flag": case.flag,
           "question": case.question, "note": case.note, "assessment_id": case.assessment_id,
           "conversation": {"channel": case.channel, "user_ref": case.user_ref, "id": case.conversation_id},
           "opened_by": case.opened_by, "created_at": isoformat(case.created_at),
           "updated_at": isoformat(case.updated_at), "claimed_by": case.claimed_by,
           "claimed_at": isoformat(case.claimed_at), "resolved_by": case.resolved_by,
           "resolved_at": isoformat(case.resolved_at), "resolution": case.resolution,
           "rules_version": case.rules_version, "org": case.owner_org,
           "practice_name": case.practice_name, "contact_email": case.contact_email,
           "reference": case.reference, "related_flags": case.related_flags or []}
    if history is not None:
        out["events"] = [event_json(e) for e in history]
    return out


def by_reference(session: Session, reference: str) -> TriageCase | None:
    """The case a practice's own link names, or None (also for a reference that cannot exist)."""
    if not reference or len(reference) > 64:
        return None
    return session.scalars(select(TriageCase).where(TriageCase.reference == reference)).first()
