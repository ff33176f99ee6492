"""core.assessments and the migrations, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json
import threading
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from core import db as core_db
from core.assessments import (
    assessment_json,
    checklist_with_state,
    get_assessment,
    list_assessments,
    save_assessment,
    set_checklist_item,
)
from core.db import session_scope, shared_db_engine
from core.migrate import current_revision, downgrade, head_revision, upgrade
from engine import default_engine

FACTS = {"population": 20000, "exceptional_circumstances": True}


@pytest.fixture(scope="module")
def result():
    return default_engine().assess(FACTS)


def test_save_and_get(db_url, result):
    with session_scope(shared_db_engine(db_url)) as s:
        row = save_assessment(s, FACTS, result, "slack", user_ref="U123")
        ident = row.id
    with session_scope(shared_db_engine(db_url)) as s:
        got = get_assessment(s, ident)
        assert got.facts == FACTS and got.result == result and got.channel == "slack" and got.user_ref == "U123"
        assert got.created_at.tzinfo is not None
        assert assessment_json(got)["id"] == ident
        assert get_assessment(s, "nope") is None and get_assessment(s, None) is None and get_assessment(s, "") is None


def test_list_assessments_filters_newest_first(db_url, result):
    user = f"U{uuid.uuid4().hex[:8]}"
    with session_scope(shared_db_engine(db_url)) as s:
        ids = [save_assessment(s, FACTS, result, "chat", user_ref=user).id for _ in range(3)]
        save_assessment(s, FACTS, result, "slack", user_ref=user)
    with session_scope(shared_db_engine(db_url)) as s:
        mine = list_assessments(s, user_ref=user, channel="chat")
        assert sorted(a.id for a in mine) == sorted(ids)
        assert [a.created_at for a in mine] == sorted((a.created_at for a in mine), reverse=True)
        assert len(list_assessments(s, user_ref=user, limit=2)) == 2
        assert len(list_assessments(s, user_ref=user)) == 4


def test_checklist_state(db_url, result):
    items = [i["id"] for i in result["checklist"]]
    if not items:
        pytest.skip("this knowledge gives no checklist for FACTS")
    with session_scope(shared_db_engine(db_url)) as s:
        ident = save_assessment(s, FACTS, result, "http").id
    with session_scope(shared_db_engine(db_url)) as s:
        state = set_checklist_item(s, ident, items[0], True, "Ann")
        assert state.done and state.by == "Ann" and isinstance(state.at, dt.datetime)
        with pytest.raises(KeyError):
            set_checklist_item(s, ident, "no_such_item", True, "Ann")
        with pytest.raises(KeyError):
            set_checklist_item(s, "0" * 32, items[0], True, "Ann")
    with session_scope(shared_db_engine(db_url)) as s:
        set_checklist_item(s, ident, items[0], False, "Bob")  # updates the same row
    with session_scope(shared_db_engine(db_url)) as s:
        listed = checklist_with_state(s, ident)
        assert [i["id"] for i in listed] == items
        assert listed[0]["done"] is False and listed[0]["by"] == "Bob" and listed[0]["at"].endswith("Z")
        assert all(i["by"] is None for i in listed[1:])
        with pytest.raises(KeyError):
            checklist_with_state(s, "0" * 32)


def test_ticking_the_same_item_at_once_never_fails(db_url, result):
    items = [i["id"] for i in result["checklist"]]
    if not items:
        pytest.skip("this knowledge gives no checklist for FACTS")
    with session_scope(shared_db_engine(db_url)) as s:
        ident = save_assessment(s, FACTS, result, "http").id
    errors, start = [], threading.Barrier(8)

    def tick(n):
        start.wait()
        try:
            with session_scope(shared_db_engine(db_url)) as s:
                set_checklist_item(s, ident, items[0], n % 2 == 0, f"user{n}")
        except Exception as exc:  # any error here is the bug under test
            errors.append(exc)

    threads = [threading.Thread(target=tick, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    with session_scope(shared_db_engine(db_url)) as s:
        listed = checklist_with_state(s, ident)
        assert listed[0]["by"].startswith("user")


def test_session_scope_rolls_back_on_error(db_url, result):
    with pytest.raises(RuntimeError):
        with session_scope(shared_db_engine(db_url)) as s:
            ident = save_assessment(s, FACTS, result, "http").id
            raise RuntimeError("boom")
    with session_scope(shared_db_engine(db_url)) as s:
        assert get_assessment(s, ident) is None


def test_migrations_create_the_tables_at_head(db_url):
    engine = shared_db_engine(db_url)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"assessments", "checklist_item_states", "api_keys", "alembic_version"} <= tables


def test_migrations_go_down_and_up_on_a_fresh_database(fresh_url):
    upgrade(fresh_url)
    downgrade(fresh_url, "base")
    upgrade(fresh_url)
    engine = create_engine(fresh_url)
    assert "assessments" in inspect(engine).get_table_names()
    engine.dispose()


def test_compressing_stored_results_keeps_every_assessment_exactly(fresh_url, result):
    """0004 moves results from a JSON column to compressed JSON: nothing changes for a reader,
    and the downgrade gives the JSON column back with the same content."""
    upgrade(fresh_url, "0003_triage")
    engine = create_engine(fresh_url)
    other = default_engine().assess({"population": 61000, "operating_model": "lead_provider"})
    rows = [(uuid.uuid4().hex, FACTS, result), (uuid.uuid4().hex, {"population": 61000}, other)]
    with engine.begin() as c:
        for ident, facts, res in rows:
            c.execute(text("INSERT INTO assessments (id, facts, result, rules_version, contract_year, channel, "
                           "created_at) VALUES (:id, :facts, :result, :v, :y, 'http', :at)"),
                      {"id": ident, "facts": json.dumps(facts), "result": json.dumps(res), "v": res["rules_version"],
                       "y": res["contract_year"], "at": dt.datetime(2024, 5, 1, 12)})
        c.execute(text("INSERT INTO checklist_item_states (assessment_id, item_id, done, by, at) "
                       "VALUES (:a, 'x', true, 'Ann', :at)"), {"a": rows[0][0], "at": dt.datetime(2024, 5, 1, 12)})
    engine.dispose()

    upgrade(fresh_url)
    check = create_engine(fresh_url)
    with session_scope(check) as s:
        for ident, facts, res in rows:
            row = get_assessment(s, ident)
            assert row.result == res and list(row.result) == list(res), "content and key order survive"
            assert len(row.result_zst) * 4 < len(json.dumps(res))
        assert s.execute(text("SELECT count(*) FROM checklist_item_states")).scalar() == 1, "no cascade"
    check.dispose()

    downgrade(fresh_url, "0003_triage")
    engine = create_engine(fresh_url)
    with engine.connect() as c:
        back = {r[0]: r[1] for r in c.execute(text("SELECT id, result FROM assessments"))}
    engine.dispose()
    for ident, _, res in rows:
        assert (json.loads(back[ident]) if isinstance(back[ident], str) else back[ident]) == res


def test_default_database_is_sqlite_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PCN_INSTANCE_DIR", str(tmp_path / "inst"))
    assert core_db.database_url() == f"sqlite:///{tmp_path / 'inst' / 'pcn.sqlite3'}"
    assert (tmp_path / "inst").is_dir()
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert core_db.database_url() == "postgresql://u@h/db"


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = core_db.create_db_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
