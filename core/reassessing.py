"""Reassessing every stored assessment after the knowledge changed, and who to tell.

`run(db, engine)` reruns each *latest* stored assessment (one nobody has reassessed yet) made under
another rules version, in batches committed one at a time, oldest first. A reassessment links back
with `previous_id`, so the work is its own progress record: killed half-way, the next run carries on
where it stopped, and a second run after a finished one finds nothing to do. `dry_run` compares
without storing. Each changed assessment is summarised (status, advice, new blockers, funding) and,
with `notify`, handed to `notify(pairs)` to tell the people in their own channel, once: `notified_at`
marks those told. In Slack and Telegram a person hears about the newest assessment they made there
(and its reassessments) only, never about results they have since replaced. A run with `notify` first tells anyone a reassessment changed who was not told yet
(a run without `--notify`, a kill between storing a batch and telling it, a channel that failed).

Memory stays flat whatever the number of rows: a batch is read as plain columns (no ORM instances,
no identity map, each result parsed only while it is reassessed), dropped before the next is read,
and at most `keep_items` changed ones are listed.
The next batch is found from where the last one ended (its `created_at`, `id`), so no query walks
back over the rows already done. `part=(i, n)` takes only the rows whose id ends in one of the i-th
n-th of the characters ids are made of: `n` processes with parts 0 to n-1 share the work without
overlap (`core.reassess_workers`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine as DbEngine
from sqlalchemy import and_, bindparam, exists, func, or_, select, update
from sqlalchemy.orm import aliased

import engine as pcn
from engine.what_if import compare

from . import jsonutil
from .change_brief import columns, what_changed
from .compress import unpack
from .db import session_scope
from .records import Assessment, KnowledgeVersion, utcnow
from .versions import reassessed, remember, store

BATCH = 200
#: The channels whose people are told their advice changed (an API client reads it over the API).
CHANNELS = ("slack", "telegram", "web")
#: Every character an assessment id can end in (`core.assessments.ID_PATTERN`).
ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-"
#: The channels that send a message: a person there hears about their newest assessment only.
MESSAGED = ("slack", "telegram")
COLUMNS = (Assessment.id, Assessment.facts, Assessment.result_zst, Assessment.channel, Assessment.user_ref,
           Assessment.owner_org, Assessment.created_at, Assessment.first_id)


@dataclass
class Summary:
    """What a run did: how many it looked at, how many changed and in what, and the changed ones."""

    seen: int = 0
    changed: int = 0
    status: int = 0          # eligibility status changed
    advice: int = 0          # the advised model changed
    blockers: int = 0        # a new blocker appeared
    funding: int = 0         # a funding line changed
    told: int = 0            # people told (in this run, including any left untold by an earlier one)
    items: list = field(default_factory=list)    # {previous_id, assessment_id, what}

    def as_dict(self) -> dict:
        return {"seen": self.seen, "changed": self.changed, "status": self.status, "advice": self.advice,
                "new_blockers": self.blockers, "funding": self.funding, "told": self.told, "items": self.items}

    def add(self, other: Summary, keep_items: int) -> None:
        """Count another run's work (a worker's) in this one."""
        for name in ("seen", "changed", "status", "advice", "blockers", "funding", "told"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.items += other.items[:max(0, keep_items - len(self.items))]

    def count(self, row_id: str, out: dict, keep_items: int) -> None:
        """Count one reassessment; list it (up to `keep_items`) when something changed."""
        self.seen += 1
        kinds = out["what"]
        if not kinds:
            return
        self.changed += 1
        self.status += "status" in kinds
        self.advice += "advice" in kinds
        self.blockers += "new_blockers" in kinds
        self.funding += "funding" in kinds
        if len(self.items) < keep_items:
            self.items.append({"previous_id": row_id, "assessment_id": out["assessment_id"], "what": kinds})


class Stored:
    """A stored assessment read as plain columns. `result_json` unpacks it and `result` parses it too, on
    each read (read it once): a batch holds its compressed bytes, never 200 parsed results at once."""

    __slots__ = ("id", "facts", "blob", "channel", "user_ref", "owner_org", "created_at", "first_id")

    def __init__(self, columns):
        (self.id, self.facts, self.blob, self.channel, self.user_ref, self.owner_org, self.created_at,
         self.first_id) = columns

    @property
    def result_json(self) -> bytes:
        return unpack(self.blob)

    @property
    def result(self) -> dict:
        return jsonutil.loads(unpack(self.blob))


def _part(part: tuple[int, int] | None):
    """The condition for rows of part i of n (None: every row)."""
    if part is None or part[1] <= 1:
        return None
    i, n = part
    return func.substr(Assessment.id, func.length(Assessment.id), 1).in_(
        [c for k, c in enumerate(ID_CHARS) if k % n == i])


def _after(after: tuple | None):
    """Rows after (created_at, id), in the order runs go through them."""
    if after is None:
        return None
    return or_(Assessment.created_at > after[0], and_(Assessment.created_at == after[0], Assessment.id > after[1]))


def latest():
    """The condition for an assessment no reassessment has replaced (the latest of its chain)."""
    later = aliased(Assessment)
    return ~exists().where(later.previous_id == Assessment.id)


def changed_latest():
    """The condition for a latest assessment whose reassessment changed something its people are told
    about (`changed` kept and not empty)."""
    return and_(Assessment.changed.is_not(None), Assessment.changed != "", latest())


def _paged(query, part, after):
    """`query` narrowed to part i of n (`_part`) and to the rows after the last batch (`_after`)."""
    for cond in (_part(part), _after(after)):
        if cond is not None:
            query = query.where(cond)
    return query


def _their_newest():
    """An assessment of a chat channel whose chain started from the newest assessment its person made
    there (nobody is sent a message about a result they have since replaced); any web one."""
    first, other = aliased(Assessment), aliased(Assessment)
    started = (select(first.created_at).where(first.id == func.coalesce(Assessment.first_id, Assessment.id))
               .correlate(Assessment))
    newer = exists().where(other.channel == Assessment.channel, other.user_ref == Assessment.user_ref,
                           other.previous_id.is_(None), other.created_at > started.scalar_subquery())
    return or_(Assessment.channel.not_in(MESSAGED), ~newer)


def _pending(current: str, since: str | None, part=None, after=None):
    query = select(*COLUMNS).where(Assessment.rules_version != current, latest())
    if since:
        first = select(KnowledgeVersion.first_seen).where(KnowledgeVersion.rules_version == since).scalar_subquery()
        made = select(KnowledgeVersion.rules_version).where(KnowledgeVersion.first_seen >= first)
        query = query.where(Assessment.rules_version.in_(made))
    return _paged(query, part, after).order_by(Assessment.created_at, Assessment.id)


def run(db: DbEngine, current: pcn.Engine, since: str | None = None, dry_run: bool = False,
        notify=None, batch: int = BATCH, keep_items: int = 1000, part: tuple[int, int] | None = None) -> Summary:
    """Reassess every latest assessment made under another version (see the module's docstring)."""
    remember(db, current.knowledge)
    done = Summary()
    if not dry_run:
        complete_briefs(db, part, batch)
        if notify is not None:
            done.told += tell_untold(db, notify, part, batch)
    after = None
    while True:
        with session_scope(db) as s:
            rows = [Stored(r) for r in s.execute(_pending(current.rules_version, since, part, after).limit(batch))]
            if not rows:
                return done
            told, values = [], []
            for row in rows:
                new, out = reassessed(row, current)
                if dry_run:
                    out = dict(out, assessment_id=None)
                else:
                    values.append(new)
                done.count(row.id, out, keep_items)
                if out["what"] and notify is not None and not dry_run and row.channel in CHANNELS:
                    told.append((row, out))
            if any(row.channel in MESSAGED for row, _ in told):
                newest = set(s.scalars(select(Assessment.id).where(
                    Assessment.id.in_([row.id for row, _ in told]), _their_newest())))
                told = [(row, out) for row, out in told if row.id in newest]
            store(s, values)        # the batch's reassessments in one statement, committed together
        after = (rows[-1].created_at, rows[-1].id)
        del rows, values
        if told:
            done.told += _tell(db, notify, told)


def _tell(db: DbEngine, notify, pairs: list) -> int:
    """Hand (old row, reassessment) pairs to `notify`; mark those it told (all, if it says None)."""
    ids = notify(pairs)
    ids = [out["assessment_id"] for _, out in pairs] if ids is None else list(ids)
    if ids:
        with session_scope(db) as s:
            s.execute(update(Assessment).where(Assessment.id.in_(ids)).values(notified_at=utcnow()))
    return len(ids)


def _with_previous(s, rows: list[Stored]) -> list[tuple[Stored, Stored, dict]]:
    """(previous, reassessment, comparison) for reassessments read with their `previous_id` first."""
    wanted = {r.id: prev for prev, r in rows}
    found = {r[0]: Stored(r) for r in s.execute(select(*COLUMNS).where(Assessment.id.in_(set(wanted.values()))))}
    return [(found[wanted[r.id]], r, compare(found[wanted[r.id]].result, r.result))
            for _, r in rows if wanted[r.id] in found]


def _reassessments(db: DbEngine, condition, part, batch: int):
    """(session, [(previous, reassessment, comparison)]) for batches of the reassessments meeting
    `condition`, oldest first, each read in a session of its own: the caller may write in it before
    the next batch is read."""
    after = None
    while True:
        query = _paged(select(Assessment.previous_id, *COLUMNS).where(Assessment.previous_id.is_not(None), condition),
                       part, after)
        with session_scope(db) as s:
            found = [(r[0], Stored(r[1:])) for r in s.execute(
                query.order_by(Assessment.created_at, Assessment.id).limit(batch))]
            if not found:
                return
            yield s, _with_previous(s, found)
        after = (found[-1][1].created_at, found[-1][1].id)


def complete_briefs(db: DbEngine, part=None, batch: int = BATCH) -> int:
    """Give reassessments stored before `changed` was kept (migration 0014) their `changed` and brief."""
    n = 0
    for s, rows in _reassessments(db, Assessment.changed.is_(None), part, batch):
        values = [{"key": r.id, **columns(what_changed(c), c)} for _, r, c in rows]
        if values:
            s.connection().execute(update(Assessment).where(Assessment.id == bindparam("key"))
                                   .values(changed=bindparam("changed"), change_brief=bindparam("change_brief")),
                                   values)
        n += len(values)
    return n


def tell_untold(db: DbEngine, notify, part=None, batch: int = BATCH) -> int:
    """Tell the people of latest reassessments that changed something and were never told."""
    channels = [c for c in CHANNELS if c in getattr(notify, "channels", CHANNELS)]
    untold = and_(changed_latest(), Assessment.notified_at.is_(None), Assessment.channel.in_(channels),
                  _their_newest())
    told = 0
    for _, rows in _reassessments(db, untold, part, batch):
        pairs = [(prev, {"assessment_id": r.id, "previous_id": prev.id, "what": what_changed(c), "changes": c})
                 for prev, r, c in rows]
        told += _tell(db, notify, pairs) if pairs else 0
    return told


__all__ = ["BATCH", "CHANNELS", "Summary", "changed_latest", "complete_briefs", "latest", "run", "tell_untold"]
