"""What the engine keeps per knowledge base: built once, per day bounded, a changed copy starting afresh."""
from __future__ import annotations

import dataclasses
import datetime as dt
import threading

from engine.memo import Memo


def test_a_value_is_built_once_and_then_shared():
    memo, built = Memo(), []
    first = memo.once("index", lambda: built.append(1) or {"a": 1})
    assert memo.once("index", lambda: built.append(1) or {"a": 2}) is first
    assert built == [1]


def test_daily_values_keep_only_the_latest_days():
    memo = Memo(days=3)
    days = [dt.date(2021, 4, 1) + dt.timedelta(d) for d in range(5)]
    for d in days:
        memo.daily("plan", d, lambda d=d: d.isoformat())
    assert len(memo) == 3
    assert memo.daily("plan", days[-1], lambda: "rebuilt") == days[-1].isoformat()
    assert memo.daily("plan", days[0], lambda: "rebuilt") == "rebuilt"   # the oldest went first


def test_threads_filling_one_memo_all_get_the_same_values():
    memo, seen, errors = Memo(days=8), [], []

    def work(n):
        try:
            for i in range(2000):
                seen.append((i % 20, memo.daily("day", i % 20, lambda i=i: ("value", i % 20))))
        except Exception as exc:  # noqa: BLE001 - any failure fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(value == ("value", day) for day, value in seen)
    assert len(memo) <= 8


def test_a_changed_copy_of_the_knowledge_starts_with_an_empty_memo(pcn_engine):
    k = pcn_engine.knowledge
    k.param(next(iter(k.parameters)), dt.date(2020, 1, 1))
    copy = dataclasses.replace(k, rules=list(k.rules))
    assert copy.memo is not k.memo and len(copy.memo) == 0 < len(k.memo)
