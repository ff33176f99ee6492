"""Reassessing everything after a knowledge change, and telling people: each person once, about their
newest result only, those a channel failed to tell told by the next run; reassessments from before
what changed was kept get it on the next run; several worker processes do the work once between them.
Each test has a database of its own (SQLite, and PostgreSQL when it answers), so a run reassesses
only what the test stored.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from core.assessments import save_assessment
from core.db import session_scope, shared_db_engine
from core.migrate import upgrade
from core.reassess_workers import run_workers
from core.reassessing import run
from core.records import Assessment
from core.versions import remember
from tests.core.test_versions import engines

DATED = {"population": 42000, "as_of": "2019-07-01"}


@pytest.fixture
def db(fresh_url):
    upgrade(fresh_url)
    engine = shared_db_engine(fresh_url)
    yield engine
    engine.dispose()


def store(db, facts: dict, channel: str, user_ref: str | None, n: int = 1) -> list[str]:
    old, _ = engines()
    remember(db, old.knowledge)
    with session_scope(db) as s:
        return [save_assessment(s, dict(facts), old.assess(dict(facts), explain=True), channel, user_ref=user_ref).id for _ in range(n)]


class Recorder:
    """A notifier that records who it was asked to tell, and tells no one in the channels it fails for."""

    channels = frozenset({"slack", "telegram", "web"})

    def __init__(self, failing=()):
        self.asked, self.failing = [], set(failing)

    def __call__(self, pairs):
        self.asked += [(row.channel, row.user_ref, out["assessment_id"]) for row, out in pairs]
        return [out["assessment_id"] for row, out in pairs if row.channel not in self.failing]


def test_a_channel_that_failed_is_told_by_the_next_run_and_nobody_twice(db):
    _, new = engines()
    [slack] = store(db, DATED, "slack", "T0PCN:U1")
    [tg] = store(db, DATED, "telegram", "55:55")
    first = Recorder(failing={"telegram"})
    done = run(db, new, notify=first)
    assert done.seen == 2 and done.told == 1
    assert sorted(c for c, _, _ in first.asked) == ["slack", "telegram"]
    second = Recorder()
    assert run(db, new, notify=second).told == 1 and [c for c, _, _ in second.asked] == ["telegram"]
    third = Recorder()
    assert run(db, new, notify=third).seen == 0 and third.asked == []
    with session_scope(db) as s:
        told = s.execute(select(Assessment.previous_id, Assessment.notified_at).where(Assessment.previous_id.is_not(None))).all()
    assert {p for p, _ in told} == {slack, tg} and all(at is not None for _, at in told)


def test_a_run_without_notify_leaves_people_to_be_told_by_one_with_it(db):
    _, new = engines()
    store(db, DATED, "web", "someone")
    assert run(db, new).told == 0
    later = Recorder()
    assert run(db, new, notify=later).told == 1 and [c for c, _, _ in later.asked] == ["web"]


def test_a_person_is_told_about_their_newest_result_only(db):
    _, new = engines()
    older, newer = store(db, DATED, "slack", "T0PCN:U2", n=2)
    told = Recorder()
    done = run(db, new, notify=told)
    assert done.changed == 2 and len(told.asked) == 1
    with session_scope(db) as s:
        about = s.scalar(select(Assessment.previous_id).where(Assessment.id == told.asked[0][2]))
    assert about == newer
    assert run(db, new, notify=Recorder()).told == 0, "the older one is never told, whatever the run"


def test_reassessments_stored_before_changes_were_kept_get_them(db):
    _, new = engines()
    store(db, DATED, "http", None, n=3)
    run(db, new)
    with session_scope(db) as s:
        kept = dict(s.execute(select(Assessment.id, Assessment.changed).where(Assessment.previous_id.is_not(None))).all())
        s.execute(update(Assessment).values(changed=None, change_brief=None))     # as before migration 0014
    assert set(kept.values()) == {"funding"}
    assert run(db, new).seen == 0
    with session_scope(db) as s:
        again = dict(s.execute(select(Assessment.id, Assessment.changed).where(Assessment.previous_id.is_not(None))).all())
        briefs = s.scalars(select(Assessment.change_brief).where(Assessment.previous_id.is_not(None))).all()
    assert again == kept and all(b["funding_total"]["after"] - b["funding_total"]["before"] == 4200 for b in briefs)


def test_two_worker_processes_reassess_each_assessment_once(db):
    _, new = engines()
    ids = store(db, DATED, "http", None, n=30)
    done = run_workers(db, new, 2, batch=4)
    assert (done.seen, done.changed, done.funding) == (30, 30, 30) and len(done.items) == 30
    with session_scope(db) as s:
        per_old = dict(s.execute(select(Assessment.previous_id, func.count()).where(Assessment.previous_id.is_not(None))
                                 .group_by(Assessment.previous_id)).all())
    assert per_old == {i: 1 for i in ids}
    assert run_workers(db, new, 2).seen == 0
