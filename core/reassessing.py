"""Reassessing every stored assessment after the knowledge changed, and who to tell.

`run(db, engine)` reruns each *latest* stored assessment (one nobody has reassessed yet) made under
another rules version, in batches committed one at a time, oldest first. A reassessment links back
with `previous_id`, so the work is its own progress record: killed half-way, the next run carries on
where it stopped, and a second run after a finished one finds nothing to do. `dry_run` compares
without storing. Each changed assessment is summarised (status, advice, new blockers, funding) and,
with `notify`, handed to `notify(pairs)` to tell the people in their own channel, once (marked by
`notified_at` on the new assessment).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine as DbEngine
from sqlalchemy import exists, select, update
from sqlalchemy.orm import aliased

import engine as pcn

from .db import session_scope
from .records import Assessment, KnowledgeVersion, utcnow
from .versions import reassessed, remember, store

BATCH = 200


@dataclass
class Summary:
    """What a run did: how many it looked at, how many changed and in what, and the changed ones."""

    seen: int = 0
    changed: int = 0
    status: int = 0          # eligibility status changed
    advice: int = 0          # the advised model changed
    blockers: int = 0        # a new blocker appeared
    funding: int = 0         # a funding line changed
    items: list = field(default_factory=list)    # {previous_id, assessment_id, what}

    def as_dict(self) -> dict:
        return {"seen": self.seen, "changed": self.changed, "status": self.status, "advice": self.advice,
                "new_blockers": self.blockers, "funding": self.funding, "items": self.items}


def what_changed(changes: dict) -> list[str]:
    """The kinds of change a comparison holds that people are told about."""
    out = []
    if changes["eligibility"]["changed"]:
        out.append("status")
    decision = changes.get("decision") or {}
    if decision.get("changed") or changes["ranking"]["changed"]:
        out.append("advice")
    if any(f.get("severity") == "blocker" for f in changes["flags"]["added"]):
        out.append("new_blockers")
    if any(line["before"] != line["after"] for line in changes["funding"].values()):
        out.append("funding")
    return out


def _pending(current: str, since: str | None):
    later = aliased(Assessment)
    query = select(Assessment).where(Assessment.rules_version != current,
                                     ~exists().where(later.previous_id == Assessment.id))
    if since:
        first = select(KnowledgeVersion.first_seen).where(KnowledgeVersion.rules_version == since).scalar_subquery()
        made = select(KnowledgeVersion.rules_version).where(KnowledgeVersion.first_seen >= first)
        query = query.where(Assessment.rules_version.in_(made))
    return query.order_by(Assessment.created_at, Assessment.id)


def run(db: DbEngine, current: pcn.Engine, since: str | None = None, dry_run: bool = False,
        notify=None, batch: int = BATCH, keep_items: int = 1000) -> Summary:
    """Reassess every latest assessment made under another version (see the module's docstring)."""
    remember(db, current.knowledge)
    done = Summary()
    after = ("", "")
    while True:
        with session_scope(db) as s:
            query = _pending(current.rules_version, since)
            if dry_run and after[1]:       # nothing is stored, so page on by position instead
                query = query.where((Assessment.created_at > after[0]) |
                                    ((Assessment.created_at == after[0]) & (Assessment.id > after[1])))
            rows = list(s.scalars(query.limit(batch)))
            if not rows:
                return done
            told, values = [], []
            for row in rows:
                new, out = reassessed(row, current)
                if dry_run:
                    out = dict(out, assessment_id=None)
                else:
                    values.append(new)
                done.seen += 1
                kinds = what_changed(out["changes"])
                if not kinds:
                    continue
                done.changed += 1
                done.status += "status" in kinds
                done.advice += "advice" in kinds
                done.blockers += "new_blockers" in kinds
                done.funding += "funding" in kinds
                if len(done.items) < keep_items:
                    done.items.append({"previous_id": row.id, "assessment_id": out["assessment_id"], "what": kinds})
                if notify is not None and not dry_run and row.channel in ("slack", "telegram", "web"):
                    told.append((row, out))
            store(s, values)        # the batch's reassessments in one statement, committed together
            after = (rows[-1].created_at, rows[-1].id)
        if told:
            notify(told)
            with session_scope(db) as s:
                s.execute(update(Assessment).where(Assessment.id.in_([o["assessment_id"] for _, o in told]))
                          .values(notified_at=utcnow()))
