"""20 threads × 50 assessments with distinct facts: every result correct and stored exactly once."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from core.db import session_scope, shared_db_engine
from core.records import Assessment
from engine import default_engine

THREADS, EACH = 20, 50
META = ("id", "created_at", "channel")


def facts_for(t: int, i: int) -> dict:
    # Distinct per request; two dates either side of 1 April exercise both contract years.
    return {"population": 30000 + t * EACH + i, "as_of": "2020-03-31" if i % 2 else "2020-04-01",
            "exceptional_circumstances": bool(i % 3)}


def test_concurrent_assessments_are_correct_and_stored_once(app, auth, db_url):
    results: dict[tuple, dict] = {}
    failures: list = []
    start = threading.Barrier(THREADS)

    def worker(t: int):
        client = app.test_client()
        start.wait()
        for i in range(EACH):
            resp = client.post("/v1/assessments", json=facts_for(t, i), headers=auth)
            if resp.status_code != 201:
                failures.append((t, i, resp.status_code, resp.data[:200]))
                continue
            results[(t, i)] = resp.get_json()

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    assert not failures, failures[:3]
    assert len(results) == THREADS * EACH

    engine = default_engine()
    ids = set()
    for (t, i), body in results.items():
        expected = engine.assess(facts_for(t, i), explain=True)
        assert {k: v for k, v in body.items() if k not in META} == expected
        ids.add(body["id"])
    assert len(ids) == THREADS * EACH

    with session_scope(shared_db_engine(db_url)) as s:
        stored = s.scalar(select(func.count()).select_from(Assessment).where(Assessment.id.in_(ids)))
        assert stored == THREADS * EACH
        rows = s.execute(select(Assessment.id, Assessment.facts).where(Assessment.id.in_(ids))).all()
    by_id = {body["id"]: key for key, body in results.items()}
    for ident, facts in rows:
        assert facts == facts_for(*by_id[ident])
