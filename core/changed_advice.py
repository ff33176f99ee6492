"""Which practices' advice changed when the guidance was updated, for the LMC advisers who serve them.

An adviser of an LMC sees, for the LMC and each organisation it serves (`core.orgs.served`), every
*latest* assessment that a reassessment changed (`core.reassessing`: status, advice, new blockers,
funding), newest first:

- those the organisation made over the API (it owns them), and
- those of people who asked the organisation's advisers for help from Slack, Telegram or the web
  pages (the person behind one of its triage cases: cases opened in a chat or on the web are
  `default`'s), with the practice name they gave.

It reads what each reassessment keeps about itself (`changed`, `change_brief`), so listing never
unpacks a result: two queries, whatever the number of organisations. Nothing of an organisation the
adviser's LMC does not serve is ever listed.
"""
from __future__ import annotations

from sqlalchemy import String, and_, func, null, select, union_all
from sqlalchemy.orm import Session

from .change_brief import kinds_of
from .reassessing import changed_latest
from .records import Assessment, TriageCase, isoformat

LIMIT = 100


def _changed_latest():
    return and_(Assessment.previous_id.is_not(None), changed_latest())


def _rows(orgs: list[str]):
    """Every visible changed latest assessment, with the organisation it is listed under and the name
    its person gave (None for an organisation's own)."""
    owned = select(Assessment.owner_org.label("org"), Assessment.id.label("id"),
                   null().cast(String).label("name")).where(_changed_latest(), Assessment.owner_org.in_(orgs))
    people = (select(TriageCase.owner_org.label("org"), TriageCase.channel, TriageCase.user_ref,
                     func.max(TriageCase.practice_name).label("name"))
              .where(TriageCase.owner_org.in_(orgs), TriageCase.user_ref.is_not(None), TriageCase.channel != "http")
              .group_by(TriageCase.owner_org, TriageCase.channel, TriageCase.user_ref).subquery())
    asked = (select(people.c.org, Assessment.id, people.c.name)
             .join_from(Assessment, people, and_(Assessment.channel == people.c.channel,
                                                 Assessment.user_ref == people.c.user_ref))
             .where(_changed_latest(), Assessment.owner_org.is_(None)))
    return union_all(owned, asked).subquery()


def changed_advice(session: Session, orgs, limit: int = LIMIT) -> list[dict]:
    """[{org, changed (how many), practices: [ITEM, ...] (the newest `limit`)}] for each of `orgs`
    with changed advice, by organisation name (ITEM: see `item`)."""
    orgs = sorted(orgs)
    if not orgs:
        return []
    rows = _rows(orgs)
    counts = dict(session.execute(select(rows.c.org, func.count()).group_by(rows.c.org)).all())
    ranked = (select(rows.c.org, rows.c.id, rows.c.name, func.row_number().over(
        partition_by=rows.c.org, order_by=(Assessment.created_at.desc(), Assessment.id)).label("n"))
        .join_from(rows, Assessment, Assessment.id == rows.c.id).subquery())
    found = session.execute(
        select(ranked.c.org, ranked.c.name, Assessment.id, Assessment.previous_id, Assessment.channel,
               Assessment.facts, Assessment.contract_year, Assessment.created_at, Assessment.changed,
               Assessment.change_brief, Assessment.notified_at)
        .join_from(ranked, Assessment, Assessment.id == ranked.c.id).where(ranked.c.n <= limit)
        .order_by(ranked.c.org, ranked.c.n)).all()
    out: dict[str, dict] = {}
    for r in found:
        group = out.setdefault(r.org, {"org": r.org, "changed": counts.get(r.org, 0), "practices": []})
        group["practices"].append(item(r))
    return [out[o] for o in orgs if o in out]


def item(r) -> dict:
    """One changed assessment as listed: who and which network, what changed (each before and after),
    whether its person was told, and where to see the comparison."""
    brief, facts = r.change_brief or {}, r.facts or {}
    total = brief.get("funding_total") or {}
    before, after = total.get("before"), total.get("after")
    return {
        "assessment_id": r.id, "previous_id": r.previous_id, "org": r.org, "channel": r.channel,
        "practice_name": r.name, "population": facts.get("population"), "as_of": facts.get("as_of"),
        "contract_year": r.contract_year, "reassessed_at": isoformat(r.created_at),
        "what": kinds_of(r.changed),
        "status": brief.get("status"), "advised": brief.get("advised"), "confidence": brief.get("confidence"),
        "recommended": brief.get("recommended"), "new_blockers": brief.get("new_blockers") or [],
        "funding_total": {"before": before, "after": after,
                          "delta": None if before is None or after is None else after - before},
        "told_at": isoformat(r.notified_at) if r.notified_at else None,
    }


__all__ = ["LIMIT", "changed_advice", "item"]
