"""Knowledge versions kept, assessments reproduced under their own rules and reassessed under new ones,
the bulk reassessment resumable and done once, on SQLite and PostgreSQL.

Each test changes the knowledge in a copy of `knowledge/` (the network payment from £1.50 to £1.60 a
patient in 2019/20), as a knowledge update would.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

import engine as pcn
from core import versions
from core.assessments import save_assessment
from core.db import session_scope
from core.reassessing import run
from core.records import Assessment
from engine.knowledge import default_dir, load
from engine.knowledge_diff import diff

FACTS = [{"population": p, "as_of": "2019-07-01"} for p in (31000, 42000, 50000, 64000, 75000)]


def knowledge_copy(tmp: Path, payment: str | None = None) -> Path:
    target = tmp / ("knowledge-" + (payment or "same"))
    shutil.copytree(default_dir(), target)
    if payment:
        path = target / "parameters.yaml"
        text = path.read_text(encoding="utf-8")
        old = "- {from: 2019-04-01, until: 2020-03-31, value: 1.50, citation: {source: 000_a67a7b468067886e.txt, section: \"Network payment\"}}"
        assert old in text
        path.write_text(text.replace(old, old.replace("value: 1.50", f"value: {payment}")), encoding="utf-8")
    return target


@cache
def engines() -> tuple[pcn.Engine, pcn.Engine]:
    """(an engine on a copy of today's knowledge, one on a copy with the 2019/20 network payment at
    £1.60): built once per test process."""
    tmp = Path(tempfile.mkdtemp(prefix="pcn-versions-"))
    atexit.register(shutil.rmtree, tmp, True)
    return pcn.Engine(load(knowledge_copy(tmp))), pcn.Engine(load(knowledge_copy(tmp, "1.60")))


@pytest.fixture
def old_and_new(tmp_path, db_engine):
    """(the old engine, the new engine, ids of assessments stored under the old rules)."""
    old = pcn.Engine(load(knowledge_copy(tmp_path)))
    new = pcn.Engine(load(knowledge_copy(tmp_path, "1.60")))
    assert old.rules_version != new.rules_version
    versions.remember(db_engine, old.knowledge)
    with session_scope(db_engine) as s:
        ids = [save_assessment(s, f, old.assess(f), "web", user_ref=f"user-{i}").id for i, f in enumerate(FACTS)]
    return old, new, ids


def test_a_stored_assessment_is_reproduced_identically_under_its_own_rules(db_engine, old_and_new):
    old, new, ids = old_and_new
    with session_scope(db_engine) as s:
        row = s.get(Assessment, ids[1])
        out = versions.reproduce(db_engine, row, current=new)     # today's rules differ: the kept ones are used
    assert out == {"assessment_id": ids[1], "rules_version": old.rules_version, "identical": True, "differences": []}


def test_a_changed_stored_result_is_reported_not_hidden(db_engine, old_and_new):
    old, new, ids = old_and_new
    with session_scope(db_engine) as s:
        row = s.get(Assessment, ids[0])
        row.result["funding"]["network_payment"] = 1.0     # as if the stored result had been altered
        out = versions.reproduce(db_engine, row, current=new)
    assert out["identical"] is False and "funding.network_payment" in out["differences"]


def test_reassessing_one_stores_a_new_assessment_owned_like_the_old_with_the_funding_delta(db_engine, old_and_new):
    old, new, ids = old_and_new
    with session_scope(db_engine) as s:
        out = versions.reassess(s, s.get(Assessment, ids[1]), new)
    assert out["previous_id"] == ids[1] and out["rules_version"] == new.rules_version
    line = out["changes"]["funding"]["network_payment"]
    assert line["before"] == pytest.approx(42000 * 1.50 * 9 / 12, abs=2) or line["before"] is not None
    assert line["delta"] == pytest.approx(line["after"] - line["before"]) and line["delta"] > 0
    with session_scope(db_engine) as s:
        fresh = s.get(Assessment, out["assessment_id"])
        assert (fresh.previous_id, fresh.channel, fresh.user_ref, fresh.rules_version) == (
            ids[1], "web", "user-1", new.rules_version)


def test_reassessing_all_twice_does_the_work_once_and_a_dry_run_stores_nothing(db_engine, old_and_new):
    old, new, ids = old_and_new
    def count(s):
        return s.scalar(select(func.count()).select_from(Assessment).where(Assessment.previous_id.in_(ids)))
    dry = run(db_engine, new, dry_run=True, batch=2)
    with session_scope(db_engine) as s:
        assert count(s) == 0
    assert dry.seen >= len(ids) and {i["previous_id"] for i in dry.items} >= set(ids)
    first = run(db_engine, new, batch=2)
    assert {i["previous_id"] for i in first.items} >= set(ids) and first.funding >= len(ids)
    again = run(db_engine, new, batch=2)
    assert again.seen == 0
    with session_scope(db_engine) as s:
        assert count(s) == len(ids)


def test_a_run_killed_half_way_carries_on_where_it_stopped(db_engine, old_and_new, monkeypatch):
    old, new, ids = old_and_new
    calls = {"n": 0}
    real = versions.reassessed

    def dies_on_the_third(row, current):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")
        return real(row, current)

    monkeypatch.setattr("core.reassessing.reassessed", dies_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        run(db_engine, new, batch=2)
    monkeypatch.setattr("core.reassessing.reassessed", real)
    run(db_engine, new, batch=2)
    with session_scope(db_engine) as s:
        per_old = s.execute(select(Assessment.previous_id, func.count()).where(Assessment.previous_id.in_(ids))
                            .group_by(Assessment.previous_id)).all()
    assert sorted(p for p, _ in per_old) == sorted(ids) and all(n == 1 for _, n in per_old)


def test_the_difference_between_versions_names_the_changed_parameter(tmp_path):
    a = load(knowledge_copy(tmp_path))
    b = load(knowledge_copy(tmp_path, "1.60"))
    d = diff(a, b)
    assert d["parameters"]["changed"] == ["network_payment_per_patient"]
    assert all(not d[k][w] for k in ("rules", "questions", "checklist", "models") for w in ("added", "removed", "changed"))


def test_a_result_the_update_does_not_touch_is_compared_by_its_bytes_with_the_same_outcome(monkeypatch):
    from types import SimpleNamespace

    old, new = engines()
    for facts, moved in ((FACTS[1], ["funding"]), ({"population": 42000, "as_of": "2022-07-01"}, [])):
        body = orjson.dumps(old.assess(dict(facts), explain=True))     # as stored
        row = SimpleNamespace(id="a" * 32, first_id=None, facts=facts, channel="web", user_ref="u", owner_org=None,
                              result_json=body)
        quick_values, quick = versions.reassessed(row, new)
        assert versions.same_but_version(body, orjson.dumps(new.assess(dict(facts), explain=True))) is (not moved)
        monkeypatch.setattr("core.versions.head_facts", lambda _body: None)     # parse the old result whole
        full_values, full = versions.reassessed(row, new)
        monkeypatch.undo()
        assert quick["what"] == full["what"] == moved and quick["changes"] == full["changes"]
        drop = lambda v: {k: x for k, x in v.items() if k not in ("id", "created_at", "result_zst")}   # noqa: E731
        assert drop(quick_values) == drop(full_values)


def test_the_facts_at_the_head_of_a_result_are_read_whatever_the_names_typed():
    tricky = {"population": 12000, "as_of": "2019-07-01",
              "practices": [{"name": 'Odd ,"eligibility":{ "name', "ods_code": "A81001", "list_size": 12000}]}
    result = engines()[0].assess(tricky)
    assert versions.head_facts(orjson.dumps(result)) == result["facts"]
    assert versions.head_facts(orjson.dumps({"facts": result["facts"], "other": 1})) is None   # not as the engine writes
