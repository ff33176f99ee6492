"""Bulk reassessment benchmark: N stored assessments reassessed after a knowledge update.

Stores N assessments made under a copy of `knowledge/` (written in bulk, as the API stores them), then
changes the network payment in a second copy and runs `core.reassessing` against it in a child
process group (`--workers` processes): a first run killed part-way with SIGKILL, then the resumed
run to the end. Reported: the rate (reassessed a second, by the resumed run), its memory (sampled
from outside every 0.2 s: the largest process and all of them together, at each quarter of the run,
so growth with the number of rows shows), how many rows the killed run had stored, the time the
resumed run took to store its first new batch (start-up and finding where the killed one stopped)
and to finish. PostgreSQL when it answers on 127.0.0.1:5432 (database test, a schema of its own,
dropped afterwards), else SQLite. Printed, and written to bench/results/reassess.json.
Target: ≥ 1,000 a second; memory flat in N.
Every row changes by default (the worst case: each old result is parsed and compared); `--untouched
0.5` leaves half of them as they were, as most updates do (compared by their bytes, not parsed).
Run: `python bench/reassess.py [--n 100000] [--workers 2] [--untouched 0.5] [--kill-after SECONDS]`.

Memory is measured from outside on purpose: a child's own `ru_maxrss` starts from its parent's size
when it was forked (Linux keeps the high-water mark across exec), so a benchmark parent holding
thousands of stored rows made the child look 1.5 GB big when it never was.
"""
from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [os.path.dirname(_HERE)] + [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

CHILD = r"""
import sys, time, json
sys.path.insert(0, {root!r})
import engine as pcn
from engine.knowledge import load
from core.db import shared_db_engine
from core.reassess_workers import run_workers
new = pcn.Engine(load({new!r}))
start = time.perf_counter()
done = run_workers(shared_db_engine({url!r}), new, {workers}, keep_items=0)
print(json.dumps({{"seen": done.seen, "changed": done.changed, "seconds": time.perf_counter() - start}}))
"""
CHUNK = 2000


def database() -> tuple[str, str | None]:
    """(URL, PostgreSQL schema to drop afterwards or None)."""
    from sqlalchemy import create_engine, text

    try:
        base = "postgresql://postgres@127.0.0.1:5432/test"
        admin = create_engine(base, connect_args={"connect_timeout": 2})
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        admin.dispose()
        return f"{base}?options=-csearch_path%3D{schema}", schema
    except Exception:
        return f"sqlite:///{tempfile.mkdtemp()}/reassess.sqlite3", None


def drop(schema: str | None) -> None:
    if schema:
        from sqlalchemy import create_engine, text

        admin = create_engine("postgresql://postgres@127.0.0.1:5432/test")
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def reassessed(db) -> int:
    from sqlalchemy import func, select

    from core.records import Assessment

    with db.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Assessment).where(Assessment.previous_id.is_not(None)))


class Watch:
    """The memory of a process group, sampled until it ends: [(seconds, largest RSS, total RSS)] in MB."""

    def __init__(self, proc):
        import psutil

        self.proc, self.samples, self.root = proc, [], psutil.Process(proc.pid)

    def sample(self, started: float) -> None:
        import psutil

        try:
            procs = [self.root, *self.root.children(recursive=True)]
            rss = [p.memory_info().rss / 2**20 for p in procs]
        except psutil.Error:
            return
        self.samples.append((time.perf_counter() - started, max(rss), sum(rss)))

    def quarters(self) -> list[dict]:
        """Largest and total RSS at each quarter of the run, and the peaks."""
        if not self.samples:
            return []
        end = self.samples[-1][0]
        out = []
        for q in (0.25, 0.5, 0.75, 1.0):
            s = min(self.samples, key=lambda x: abs(x[0] - q * end))
            out.append({"at": f"{int(q * 100)}%", "largest_mb": round(s[1]), "total_mb": round(s[2])})
        return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--untouched", type=float, default=0.0, metavar="SHARE",
                    help="the share of rows the update leaves as they were (dated 2022/23; default 0: every row "
                         "changes, the worst case)")
    ap.add_argument("--kill-after", type=float, default=None, help="seconds before killing the first run "
                                                                   "(default: a quarter of the expected run)")
    args = ap.parse_args()
    import engine as pcn
    from core.assessments import row_for
    from core.db import shared_db_engine
    from core.migrate import upgrade
    from core.rawsql import store_assessments
    from core.versions import remember
    from engine.knowledge import load
    from tests.core.test_versions import knowledge_copy

    tmp = Path(tempfile.mkdtemp())
    old_dir, new_dir = knowledge_copy(tmp), knowledge_copy(tmp, "1.60")
    url, schema = database()
    try:
        upgrade(url)
        db = shared_db_engine(url)
        old = pcn.Engine(load(old_dir))
        remember(db, old.knowledge)
        sizes = [31000, 42000, 50000, 64000, 75000, 99000, 120000]
        kinds = [{"population": p, "as_of": day} for day in ("2019-07-01", "2022-07-01") for p in sizes]
        results = [old.assess(dict(f), explain=True) for f in kinds]     # as stored: with the explanation
        untouched = round(args.untouched * 100)

        def kind(i: int) -> int:     # which facts row i has: 2019/20 (changed) or 2022/23 (untouched)
            return i % len(sizes) + (len(sizes) if i % 100 < untouched else 0)

        t = time.perf_counter()
        for start in range(0, args.n, CHUNK):
            store_assessments(db, [row_for(kinds[kind(i)], results[kind(i)], "web", user_ref=f"u{i}")
                                   for i in range(start, min(args.n, start + CHUNK))])
        stored = time.perf_counter() - t
        child = [sys.executable, "-c", CHILD.format(root=os.path.dirname(_HERE), new=str(new_dir), url=url,
                                                    workers=args.workers)]
        # a run killed part-way (the whole process group: its workers too)
        killed = subprocess.Popen(child, stdout=subprocess.DEVNULL, start_new_session=True)
        time.sleep(args.kill_after if args.kill_after is not None else max(8.0, args.n / 4 / (150 * args.workers)))
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
        done_before = reassessed(db)
        # the resumed run to the end, its memory sampled from outside
        t = time.perf_counter()
        proc = subprocess.Popen(child, stdout=subprocess.PIPE, text=True, start_new_session=True)
        watch, first_batch = Watch(proc), None
        while proc.poll() is None:
            watch.sample(t)
            if first_batch is None and reassessed(db) > done_before:
                first_batch = time.perf_counter() - t
            time.sleep(0.2)
        resume_wall = time.perf_counter() - t
        resumed = json.loads(proc.stdout.read())
        out = {"n": args.n, "workers": args.workers, "untouched_share": args.untouched, "database": url.split("?")[0].split("@")[-1],
               "stored_seconds": round(stored, 1), "killed_run_stored": done_before,
               "resumed": {k: round(v, 1) if isinstance(v, float) else v for k, v in resumed.items()},
               "resume_first_batch_seconds": round(first_batch, 1) if first_batch else None,
               "resume_wall_seconds": round(resume_wall, 1),
               "rate_per_second": round(resumed["seen"] / resumed["seconds"]) if resumed["seconds"] else None,
               "peak_rss_mb": {"largest_process": round(max(s[1] for s in watch.samples)),
                               "all_processes": round(max(s[2] for s in watch.samples))},
               "rss_through_the_run": watch.quarters(),
               "all_reassessed": reassessed(db) == args.n}
        db.dispose()
    finally:
        drop(schema)
    print(json.dumps(out, indent=2))
    results_dir = Path(_HERE) / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "reassess.json").write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
