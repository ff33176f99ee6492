"""Bulk reassessment benchmark: N stored assessments reassessed after a knowledge update.

Stores N assessments made under a copy of `knowledge/` (written in bulk, as the API stores them), then
changes the network payment in a second copy and runs `core.reassessing.run` against it in a child
process, sampling its resident memory: the rate (reassessed a second), peak RSS, and, after killing a
second run part-way with SIGKILL, how long the resumed run takes to finish. PostgreSQL when it answers
on 127.0.0.1:5432 (database test, a schema of its own), else SQLite. Printed, and written to
bench/results/reassess.json. Target: ≥ 1,000 a second; memory flat in N.
Run: `python bench/reassess.py [--n 100000]`.
"""
from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [os.path.dirname(_HERE)] + [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

CHILD = r"""
import sys, time, resource, json
sys.path.insert(0, {root!r})
import engine as pcn
from engine.knowledge import load
from core.db import shared_db_engine
from core.reassessing import run
new = pcn.Engine(load({new!r}))
start = time.perf_counter()
done = run(shared_db_engine({url!r}), new, keep_items=0)
print(json.dumps({{"seen": done.seen, "changed": done.changed, "seconds": time.perf_counter() - start,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def database() -> str:
    from sqlalchemy import create_engine, text

    try:
        base = "postgresql://postgres@127.0.0.1:5432/test"
        admin = create_engine(base, connect_args={"connect_timeout": 2})
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        return f"{base}?options=-csearch_path%3D{schema}"
    except Exception:
        return f"sqlite:///{tempfile.mkdtemp()}/reassess.sqlite3"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
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
    url = database()
    upgrade(url)
    db = shared_db_engine(url)
    old = pcn.Engine(load(old_dir))
    remember(db, old.knowledge)
    sizes = [31000, 42000, 50000, 64000, 75000, 99000, 120000]
    results = {p: old.assess({"population": p, "as_of": "2019-07-01"}) for p in sizes}
    t = time.perf_counter()
    for start in range(0, args.n, 5000):
        rows = [row_for({"population": sizes[i % len(sizes)], "as_of": "2019-07-01"}, results[sizes[i % len(sizes)]], "web",
                        user_ref=f"u{i}") for i in range(start, min(args.n, start + 5000))]
        store_assessments(db, rows)
    stored = time.perf_counter() - t
    child = CHILD.format(root=os.path.dirname(_HERE), new=str(new_dir), url=url)
    # a run killed part-way, then the resumed run to the end
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE)
    time.sleep(max(2.0, args.n / 5000))
    proc.kill()
    proc.wait()
    t = time.perf_counter()
    resumed = json.loads(subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True).stdout)
    resume_wall = time.perf_counter() - t
    out = {"n": args.n, "database": url.split("?")[0].split("@")[-1], "stored_seconds": round(stored, 1),
           "resumed": resumed, "resume_wall_seconds": round(resume_wall, 1)}
    # the rate of a whole run: reset by reassessing into a fresh copy of the stored rows is costly, so the
    # resumed run's own rate (rows it did / its time) is the figure
    out["rate_per_second"] = round(resumed["seen"] / resumed["seconds"]) if resumed["seconds"] else None
    print(json.dumps(out, indent=2))
    results_dir = Path(_HERE) / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "reassess.json").write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
