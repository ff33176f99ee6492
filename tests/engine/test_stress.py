"""Many threads, many sessions: identical results, no crash, no session left behind."""
from __future__ import annotations

import threading

import pytest

MODELS = [None, "flat_network", "lead_provider", "federation", "super_practice", "non_gp_provider"]
DATES = ["2019-06-30", "2019-07-01", "2020-03-31", "2020-04-01", "2021-05-01"]


def distinct_facts(thread: int, i: int) -> dict:
    facts = {"population": 20000 + thread * 2000 + i * 37, "as_of": DATES[i % len(DATES)]}
    model = MODELS[(i + thread) % len(MODELS)]
    if model:
        facts["operating_model"] = model
    if i % 3 == 0:
        facts["exceptional_circumstances"] = bool(i % 2)
    if i % 4 == 1:
        facts["other_health_body_signed"] = bool(i % 8 == 1)
    return facts


@pytest.mark.slow
def test_eight_threads_two_thousand_each_match_single_threaded(pcn_engine):
    threads, per_thread = 8, 2000
    expected = {(t, i): pcn_engine.assess(distinct_facts(t, i)) for t in range(threads) for i in range(per_thread)}
    results: dict = {}
    errors: list = []

    def work(t):
        try:
            for i in range(per_thread):
                results[(t, i)] = pcn_engine.assess(distinct_facts(t, i))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert errors == []
    assert len(results) == threads * per_thread
    mismatched = [key for key, value in expected.items() if results[key] != value]
    assert mismatched == []


def test_five_thousand_sequential_assessments_leave_no_fact_behind(pcn_engine):
    rs = pcn_engine.ruleset
    opened = rs.sessions_opened
    for i in range(5000):
        pcn_engine.assess(distinct_facts(9, i))
        if i % 500 == 0:
            assert rs.leftover_facts() == [], i
    assert rs.leftover_facts() == []
    assert rs.sessions_opened - opened <= 1, "the session is reused, not reopened per assessment"
