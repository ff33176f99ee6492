"""Reassessing in several processes at once (`pcn reassess --workers N`).

Each worker is a fork of the calling process, so it starts with the engine already compiled and the
front ends' notifiers already built, and runs `core.reassessing.run` on its own part of the rows
(`part=(i, n)`: the ids ending in its share of the characters), with a database connection pool of
its own. The parts never overlap, so the work is still done once, and stays resumable: a worker
killed half-way leaves its part to the next run like a single process would. The workers' summaries
are added up. Where processes cannot be forked (not Linux or macOS), one process does it all.
"""
from __future__ import annotations

import multiprocessing
import queue as queues

from sqlalchemy import Engine as DbEngine

import engine as pcn

from .reassessing import Summary, run
from .versions import remember


class WorkerFailed(RuntimeError):
    """A worker process ended without finishing its part (what it stored is kept: run again)."""


def _worker(db: DbEngine, current: pcn.Engine, part: tuple[int, int], out, kwargs: dict) -> None:
    db.dispose(close=False)     # the parent's pooled connections are the parent's: open our own
    try:
        out.put((part[0], run(db, current, part=part, **kwargs), None))
    except BaseException as exc:   # said to the parent, which names the part that failed
        out.put((part[0], None, f"{type(exc).__name__}: {exc}"))
        raise


def run_workers(db: DbEngine, current: pcn.Engine, workers: int, keep_items: int = 1000, **kwargs) -> Summary:
    """`run(db, current, **kwargs)` shared between `workers` processes; their summaries added up."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return run(db, current, keep_items=keep_items, **kwargs)
    remember(db, current.knowledge)    # once, before the workers start
    db.dispose()
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(db, current, (i, workers), out, dict(kwargs, keep_items=keep_items)),
                         name=f"pcn-reassess-{i}", daemon=True) for i in range(workers)]
    for p in procs:
        p.start()
    results, failed = {}, []
    try:
        while len(results) < workers:
            try:
                i, summary, error = out.get(timeout=1.0)
            except queues.Empty:
                dead = [k for k, p in enumerate(procs) if k not in results and p.exitcode is not None]
                if dead and out.empty():     # ended without a word: killed
                    raise WorkerFailed(f"reassessing worker {dead[0]} of {workers} stopped (exit code "
                                       f"{procs[dead[0]].exitcode}); what was done is kept: run again to finish") from None
                continue
            results[i] = summary
            if error:
                failed.append(f"worker {i}: {error}")
    finally:
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
    if failed:
        raise WorkerFailed("; ".join(failed) + " (what was done is kept: run again to finish)")
    done = Summary()
    for i in sorted(results):
        done.add(results[i], keep_items)
    return done


__all__ = ["WorkerFailed", "run_workers"]
