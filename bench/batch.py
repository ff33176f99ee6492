"""Memory benchmark: what big batches cost a served worker's memory.

`POST /v1/assessments/batch?include=assessment` with 1,000 items is a ~50 KB request and a ~95 MB
response. The service runs as `pcn serve` (gunicorn, one worker so every batch lands on it) against
a fresh SQLite database; the benchmark reads the worker's resident memory (RSS) after a warm-up,
sends N such batches in parallel (reading each response as it streams and throwing it away), samples
the worker's RSS every 20 ms meanwhile, and reads it again afterwards. Printed, and written to
bench/results/batch.json. `--root DIR` serves another checkout's code (e.g. the code before
streaming) for comparison. Run: `make bench` or `python bench/batch.py [--parallel 4] [--size 1000]`.
"""
from __future__ import annotations

import os
import sys

# bench/ is first on sys.path; drop it so `import http` below is the standard library's package, and
# put this checkout first so its `service` is imported, not an installed copy's.
_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [os.path.dirname(_HERE)] + [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

import psutil  # noqa: E402

from service.server import free_port, spawn, stop  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def facts(i: int) -> dict:
    """Distinct, ordinary facts (about 45 bytes each)."""
    return {"population": 20000 + (i * 7919) % 160000, "as_of": ["2019-07-01", "2020-04-01", "2021-06-01"][i % 3]}


def send_batch(port: int, key: str, items: list) -> tuple[int, int, float]:
    """(status, response bytes, seconds) of one batch with whole assessments, read in 64 KB pieces."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    payload = json.dumps({"items": items}).encode()
    started = time.perf_counter()
    conn.request("POST", "/v1/assessments/batch?include=assessment", body=payload,
                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    resp = conn.getresponse()
    size = 0
    while piece := resp.read(65536):
        size += len(piece)
    conn.close()
    return resp.status, size, time.perf_counter() - started


class Sampler(threading.Thread):
    """Samples a process's RSS until stopped; `peak` is the highest seen."""

    def __init__(self, proc: psutil.Process):
        super().__init__(daemon=True)
        self.proc, self.peak, self.done = proc, proc.memory_info().rss, threading.Event()

    def run(self):
        while not self.done.wait(0.02):
            self.peak = max(self.peak, self.proc.memory_info().rss)


def worker_of(server) -> psutil.Process:
    """The gunicorn worker under a `pcn serve` master (one worker)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = psutil.Process(server.pid).children()
        if children:
            return children[0]
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker appeared")


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parallel", type=int, default=4, help="batches in flight at once")
    ap.add_argument("--size", type=int, default=1000, help="items per batch")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--root", default=str(ROOT), help="checkout whose code is served (default this one)")
    ap.add_argument("--label", default=None, help="name of this run in the results file")
    args = ap.parse_args()
    root = Path(args.root).resolve()
    run = [sys.executable, "-m", "engine.cli"]

    with tempfile.TemporaryDirectory(prefix="pcn-bench-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "PCN_RATE_LIMIT": "off"}
        subprocess.run([*run, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=root)
        key = subprocess.run([*run, "api-keys", "create", "bench"], env=env, check=True, capture_output=True,
                             text=True, cwd=root).stdout.strip().splitlines()[-1]
        port = free_port()
        server = spawn(port, 1, args.threads, env=env, cwd=root)
        try:
            worker = worker_of(server)
            status, _, _ = send_batch(port, key, [facts(i) for i in range(20)])  # warm the engine and pool
            assert status == 200, status
            idle = worker.memory_info().rss
            sampler = Sampler(worker)
            sampler.start()
            batches = [[facts(b * args.size + i) for i in range(args.size)] for b in range(args.parallel)]
            started = time.perf_counter()
            with ThreadPoolExecutor(args.parallel) as pool:
                outcomes = list(pool.map(lambda items: send_batch(port, key, items), batches))
            wall = time.perf_counter() - started
            sampler.done.set()
            sampler.join()
            after = worker.memory_info().rss
        finally:
            stop(server)

    assert all(status == 200 for status, _, _ in outcomes), [o[0] for o in outcomes]
    request_kb = len(json.dumps({"items": batches[0]})) / 1024
    figures = {
        "code": args.label or str(root),
        "server": f"gunicorn gthread, 1 worker x {args.threads} threads, loopback, SQLite",
        "batches": args.parallel, "items_each": args.size,
        "request_kb_each": round(request_kb, 1),
        "response_mb_each": round(outcomes[0][1] / MB, 1),
        "rss_idle_mb": round(idle / MB, 1), "rss_peak_mb": round(sampler.peak / MB, 1),
        "rss_after_mb": round(after / MB, 1), "rss_growth_peak_mb": round((sampler.peak - idle) / MB, 1),
        "wall_s": round(wall, 2),
    }
    print(f"code served: {figures['code']}")
    print(f"{args.parallel} parallel batches of {args.size:,} with ?include=assessment: "
          f"{figures['request_kb_each']:.0f} KB in, {figures['response_mb_each']:.1f} MB out each, {wall:.1f} s")
    print(f"worker RSS: idle {figures['rss_idle_mb']:.0f} MB, peak {figures['rss_peak_mb']:.0f} MB "
          f"(+{figures['rss_growth_peak_mb']:.0f} MB), after {figures['rss_after_mb']:.0f} MB")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / "batch.json"
    saved = json.loads(path.read_text()) if path.exists() else {}
    saved[figures["code"]] = figures
    path.write_text(json.dumps(saved, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
