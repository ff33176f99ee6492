"""Opening triage cases, for every front end: which flags open cases, which facts the rules read.

An assessment's *advice* flags (`advice: true` in knowledge/) open a case each, but only those about
the whole network or the operating model the practices chose: with no model chosen, the risks of
models nobody picked are not the practice's problem yet. A practice that asks for an adviser also
gets a *request* case when no advice flag covers it, or when the assessment has a blocker (which
the case carries, so the rules can make it urgent). A question the knowledge base could not answer
opens a *question* case. `engine.triage.Triage` decides priority and topic; nothing here does.

Cases are deduplicated among unresolved ones by a key (assessment + flag, assessment + request,
person + question), with one atomic INSERT ... ON CONFLICT DO NOTHING, so racing escalations never
open the same case twice. Functions flush and never commit: the caller owns the transaction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.records import DEFAULT_ORG, Assessment, TriageCase, TriageEvent, utcnow
from core.records.triage import UNRESOLVED
from engine.triage import PRIORITIES, Triage, days_to_next_contract_year

#: Flag categories about whether the network qualifies: their cases carry the eligibility status.
ELIGIBILITY_CATEGORIES = {"eligibility", "coverage", "geography"}
_TRIAGES: dict[str, Triage] = {}
_LOCK = threading.Lock()


def triage_for(knowledge) -> Triage:
    """The compiled triage rules for a knowledge base (compiled once per rules version)."""
    with _LOCK:
        if knowledge.rules_version not in _TRIAGES:
            _TRIAGES[knowledge.rules_version] = Triage(knowledge)
        return _TRIAGES[knowledge.rules_version]


@dataclass
class Opened:
    """A case an escalation opened (`new`) or found already open for the same thing."""

    case: TriageCase
    new: bool


def advice_flags(result: dict) -> list[dict]:
    """The assessment's flags that need professional advice: network-wide or on the chosen model."""
    chosen = (result.get("facts") or {}).get("operating_model")
    return [f for f in result.get("flags") or []
            if f.get("advice") and (f.get("model") is None or f.get("model") == chosen)]


def worst_blocker(result: dict) -> dict | None:
    """The first blocker that concerns the network or the chosen model, if any."""
    chosen = (result.get("facts") or {}).get("operating_model")
    return next((f for f in result.get("flags") or [] if f.get("severity") == "blocker"
                 and (f.get("model") is None or f.get("model") == chosen)), None)


def case_facts(result: dict, flag: dict | None, request: bool = False) -> dict:
    """What the triage rules read about a case on an assessment (the practice asked for it).

    A flag case is about its flag: the assessment's eligibility is part of it only when the flag
    is about eligibility, or the case is the practice's general request, so that a VAT case in a
    small network is filed under VAT, not under the sub-30,000 approval it has its own case for."""
    day = dt.date.fromisoformat(result["as_of"])
    facts = {"requested_by_user": True, "days_to_next_contract_year": days_to_next_contract_year(day)}
    if flag:
        facts.update(flag_category=flag["category"], flag_severity=flag["severity"], flag_code=flag["code"])
    if request or (flag and flag["category"] in ELIGIBILITY_CATEGORIES):
        facts["eligibility_status"] = result["eligibility"]["status"]
    return facts


def question_key(question: str) -> str:
    """A short, stable key for a question (case and spacing ignored)."""
    norm = re.sub(r"[^a-z0-9]+", " ", question.lower()).strip()
    return hashlib.sha256(norm.encode()).hexdigest()[:20]


def open_case(session: Session, triage: Triage, *, kind: str, facts: dict, dedupe_key: str, channel: str,
              opened_by: str, flag: dict | None = None, **fields) -> Opened:
    """Prioritise and insert a case, or return the unresolved one with the same key."""
    verdict = triage.prioritise(facts)
    now = utcnow()
    values = dict(status="open", priority=verdict["priority"], rank=PRIORITIES.index(verdict["priority"]),
                  topic=verdict["topic"], reasons=verdict["reasons"], facts=facts, kind=kind,
                  flag_code=flag["code"] if flag else None, flag=flag, channel=channel, opened_by=opened_by,
                  dedupe_key=dedupe_key, rules_version=triage.knowledge.rules_version, created_at=now,
                  updated_at=now, reference=secrets.token_urlsafe(24), **fields)
    insert = _insert(session)
    for _ in range(3):   # the case we collided with may be resolved in between: then insert again
        stmt = insert(TriageCase).values(**values).on_conflict_do_nothing(
            index_elements=["dedupe_key"], index_where=UNRESOLVED).returning(TriageCase.id)
        new_id = session.execute(stmt).scalar()
        if new_id is not None:
            session.add(TriageEvent(case_id=new_id, action="opened", by=opened_by, at=now,
                                    detail={"kind": kind, "priority": verdict["priority"], "topic": verdict["topic"]}))
            session.flush()
            return Opened(session.get(TriageCase, new_id), True)
        existing = session.scalars(select(TriageCase).where(
            TriageCase.dedupe_key == dedupe_key, TriageCase.status != "resolved")).first()
        if existing is not None:
            return Opened(existing, False)
    raise RuntimeError(f"could not open or find the case {dedupe_key!r}")


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def escalate_assessment(session: Session, triage: Triage, row: Assessment, *, channel: str, opened_by: str,
                        user_ref: str | None = None, note: str | None = None,
                        conversation_id: int | None = None, contact: dict | None = None) -> list[Opened]:
    """A practice asks for advice on an assessment: one case, filed by the most pressing of what it
    covers (an advice flag, the blocker, or the request itself), listing the other advice flags."""
    result = row.result
    # the case is the assessment's organisation's; a chat or web user's own assessment gives `default`'s
    common = dict(channel=channel, opened_by=opened_by, user_ref=user_ref, note=note, assessment_id=row.id,
                  conversation_id=conversation_id, owner_org=row.owner_org or DEFAULT_ORG, **_contact(contact))
    flags = advice_flags(result)
    blocker = worst_blocker(result)
    candidates = [("flag", f, case_facts(result, f)) for f in flags]
    if not flags or blocker:
        candidates.append(("request", blocker, case_facts(result, blocker, request=True)))
    # the rules file the one case under the topic of whatever they find most pressing (ties: first listed)
    kind, flag, facts = min(candidates, key=lambda c: PRIORITIES.index(triage.prioritise(c[2])["priority"]))
    related = [f["code"] for f in flags if flag is None or f["code"] != flag["code"]]
    opened = open_case(session, triage, kind=kind, facts=facts, flag=flag, dedupe_key=f"assessment:{row.id}:request",
                       related_flags=related or None, **common)
    _note_existing(session, [opened], opened_by, note)
    return [opened]


def escalate_request(session: Session, triage: Triage, *, channel: str, opened_by: str, user_ref: str | None,
                     question: str | None = None, note: str | None = None, assessment_id: str | None = None,
                     conversation_id: int | None = None, contact: dict | None = None) -> list[Opened]:
    """A practice asks for an adviser with no assessment behind it, or about one question."""
    common = dict(channel=channel, opened_by=opened_by, user_ref=user_ref, note=note, assessment_id=assessment_id,
                  conversation_id=conversation_id, **_contact(contact))
    who = f"{channel}:{user_ref or opened_by}"
    if question:
        # the question alone decides priority: the linked assessment is context for the adviser
        opened = open_case(session, triage, kind="question", facts={"requested_by_user": True, "question_only": True},
                           question=question, dedupe_key=f"{who}:question:{question_key(question)}", **common)
    else:
        opened = open_case(session, triage, kind="request", facts={"requested_by_user": True},
                           dedupe_key=f"{who}:request", **common)
    _note_existing(session, [opened], opened_by, note)
    return [opened]


def _contact(contact: dict | None) -> dict:
    """The case's columns for who is asking: the name they gave and, if they gave one, an email."""
    contact = contact or {}
    return {"practice_name": contact.get("name") or None, "contact_email": contact.get("email") or None}


def _note_existing(session: Session, opened: list[Opened], by: str, note: str | None) -> None:
    # asking again about an open case is recorded on it, so the adviser sees the practice is waiting
    for o in opened:
        if not o.new:
            session.add(TriageEvent(case_id=o.case.id, action="requested", by=by, at=utcnow(),
                                    detail={"note": note} if note else None))
    session.flush()
