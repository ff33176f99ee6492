"""Many threads assessing at once get exactly what one thread gets (the service runs several per worker).

Eight threads share one engine, with a switch interval short enough that a thread can be stopped
between almost any two bytecodes, over random fact sets on many dates: every result must be the
one a single thread gives for the same facts, byte for byte, and nothing may raise. The knowledge
base keeps only a few days in its memo here, so per-day values are built, evicted and rebuilt
while other threads read them (what broke the engine's old shared stores).
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import threading

import orjson

from engine import Engine
from engine.knowledge import load

THREADS = 8
PER_THREAD = 150
DAYS = [dt.date(2019, 4, 1) + dt.timedelta(days=d) for d in range(0, 1500, 11)]


def fact_sets(questions: dict, n: int, seed: int = 25) -> list[dict]:
    """`n` random valid fact sets: any subset of the questions, each within its allowed values."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        facts: dict = {"as_of": rnd.choice(DAYS).isoformat()}
        for qid, q in questions.items():
            if qid == "as_of" or rnd.random() < 0.5:
                continue
            if q["type"] == "boolean":
                facts[qid] = rnd.random() < 0.5
            elif q["type"] == "integer":
                facts[qid] = rnd.randint(q.get("min", 0), min(q.get("max", 10**6), 300000))
            elif q["type"] == "choice":
                facts[qid] = rnd.choice([c["value"] for c in q["choices"]])
        out.append(facts)
    return out


def test_eight_threads_get_what_one_thread_gets():
    engine = Engine(load())
    engine.knowledge.memo.days = 3          # per-day values evicted and rebuilt all the time
    work = fact_sets(engine.knowledge.questions, THREADS * PER_THREAD)
    want = [orjson.dumps(engine.assess(dict(f), explain=True)) for f in work]
    got: dict = {}
    errors: list = []
    start = threading.Barrier(THREADS)

    def assess(n: int) -> None:
        try:
            start.wait()
            for i in range(n, len(work), THREADS):
                got[i] = orjson.dumps(engine.assess(dict(work[i]), explain=True) if i % 3 else engine.decide(dict(work[i])) and
                                      engine.assess(dict(work[i]), explain=True))
        except BaseException as exc:  # noqa: BLE001 - any failure in a thread fails the test
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=assess, args=(n,)) for n in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert len(got) == len(work)
    assert [i for i in range(len(work)) if got[i] != want[i]] == []
