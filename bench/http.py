"""HTTP benchmark: the service under gunicorn on loopback, as `pcn serve` runs it.

In one run, against a fresh SQLite database (or --database-url):
  * latency p50/p99 of `POST /v1/assessments` and `GET /healthz`, requests interleaved on one
    keep-alive connection so both see the same conditions, and the ratio of their p50s
    (target <= 3x);
  * requests/s of each with several client threads;
  * the wall time of 10,000 assessments sent over HTTP as 10 batches of 1,000 (the per-request
    limit), two batches in flight at a time (one per gunicorn worker) (target <= 10 s).
Every loop is bounded in count and time; the server is started on a free port and stopped at the
end. Run: `make bench` or `python bench/http.py [--n N]`. Figures also go to bench/results/http.json.
"""
from __future__ import annotations

import os
import sys

# This file is bench/http.py, and Python puts bench/ first on sys.path: drop it, or `import http`
# below would import this script instead of the standard library's package.
_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

from service.server import free_port, spawn, stop  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PCN = str(Path(sys.executable).with_name("pcn"))
PHASE_LIMIT_S = 60  # no phase starts new requests after this long


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Client:
    """One keep-alive connection; `call` returns (status, body bytes, seconds)."""

    def __init__(self, port: int, key: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body=None):
        payload = json.dumps(body).encode() if body is not None else None
        started = time.perf_counter()
        self.conn.request(method, path, body=payload, headers=self.auth if payload else {})
        resp = self.conn.getresponse()
        data = resp.read()
        return resp.status, data, time.perf_counter() - started


def facts(i: int) -> dict:
    """Distinct facts per request: population varies, some answers and dates rotate."""
    out = {"population": 20000 + (i * 7919) % 160000, "as_of": ["2019-07-01", "2020-04-01", "2021-06-01"][i % 3]}
    if i % 2:
        out["exceptional_circumstances"] = bool(i % 4 == 1)
    return out


def latency(port: int, key: str, n: int) -> dict:
    """Interleaved POST /v1/assessments and GET /healthz on one connection."""
    c = Client(port, key)
    for i in range(20):  # warm both workers' engines and connections
        c.call("POST", "/v1/assessments", facts(10**6 + i))
        c.call("GET", "/healthz")
    post, health = [], []
    started = time.monotonic()
    for i in range(n):
        if time.monotonic() - started > PHASE_LIMIT_S:
            break
        status, _, dt_post = c.call("POST", "/v1/assessments", facts(i))
        assert status == 201, status
        status, _, dt_health = c.call("GET", "/healthz")
        assert status == 200, status
        post.append(dt_post)
        health.append(dt_health)
    return {"post": post, "health": health}


def throughput(port: int, key: str, method: str, path: str, total: int, clients: int) -> float:
    """Requests/s with `clients` threads sharing `total` requests (bounded in time too)."""
    counter = iter(range(total))
    lock = threading.Lock()
    done = [0]
    started = time.monotonic()

    def worker():
        c = Client(port, key)
        while time.monotonic() - started < PHASE_LIMIT_S:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            status, _, _ = c.call(method, path, facts(2 * 10**6 + i) if method == "POST" else None)
            assert status in (200, 201), status
            with lock:
                done[0] += 1

    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    return done[0] / (time.monotonic() - started)


def batches(port: int, key: str, total: int, size: int, parallel: int) -> tuple[float, list[float], int]:
    """Wall time for `total` assessments as batches of `size`, `parallel` in flight."""
    def one(b: int):
        c = Client(port, key)
        items = [facts(3 * 10**6 + b * size + i) for i in range(size)]
        status, data, seconds = c.call("POST", "/v1/assessments/batch", {"items": items})
        assert status == 200, (status, data[:200])
        return seconds, json.loads(data)["created"]

    started = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        results = list(pool.map(one, range(total // size)))
    return time.perf_counter() - started, [r[0] for r in results], sum(r[1] for r in results)


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="interleaved POST/healthz pairs for latency")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--batch-total", type=int, default=10000)
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    ap.add_argument("--latency-only", action="store_true", help="skip the requests/s and batch phases")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="pcn-bench-") as tmp:
        # one client sends thousands of requests a minute with one key: the rate limit would refuse them
        env = {**os.environ, "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.sqlite3", "PCN_RATE_LIMIT": "off"}
        subprocess.run([PCN, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
        name = f"bench-{os.getpid()}-{int(time.time())}"
        out = subprocess.run([PCN, "api-keys", "create", name], env=env, check=True, capture_output=True,
                             text=True, cwd=ROOT).stdout
        key = out.strip().splitlines()[-1]
        port = free_port()
        server = spawn(port, args.workers, args.threads, env=env, cwd=ROOT)
        try:
            lat = latency(port, key, args.n)
            if args.latency_only:
                rps_post = rps_health = wall = float("nan")
                each, created = [], 0
            else:
                rps_post = throughput(port, key, "POST", "/v1/assessments", 600, args.workers * 2)
                rps_health = throughput(port, key, "GET", "/healthz", 3000, args.workers * 2)
                wall, each, created = batches(port, key, args.batch_total, 1000, args.workers)
        finally:
            stop(server)
            if args.database_url:  # a fresh SQLite file goes with the temporary folder
                subprocess.run([PCN, "api-keys", "revoke", name], env=env, capture_output=True, cwd=ROOT)

    p = {k: (percentile(v, 50) * 1000, percentile(v, 99) * 1000) for k, v in lat.items()}
    ratio = p["post"][0] / p["health"][0]
    figures = {
        "server": f"gunicorn gthread, {args.workers} workers x {args.threads} threads, loopback, "
                  f"{'SQLite' if args.database_url is None else 'DATABASE_URL'}",
        "pairs": len(lat["post"]),
        "post_p50_ms": round(p["post"][0], 2), "post_p99_ms": round(p["post"][1], 2),
        "healthz_p50_ms": round(p["health"][0], 2), "healthz_p99_ms": round(p["health"][1], 2),
        "post_rps": round(rps_post, 1), "healthz_rps": round(rps_health, 1),
        "p50_ratio": round(ratio, 2), "p50_ratio_target": 3.0,
        "batch_items": created, "batch_wall_s": round(wall, 2), "batch_target_s": 10.0,
        "batch_each_s": [round(x, 2) for x in each],
        "batch_method": f"HTTP: {args.batch_total // 1000} POST /v1/assessments/batch of 1,000, {args.workers} in flight",
    }
    print(f"server: {figures['server']}")
    rps = "" if args.latency_only else f"  {figures['post_rps']:.0f} req/s"
    print(f"POST /v1/assessments  p50 {figures['post_p50_ms']:.2f} ms  p99 {figures['post_p99_ms']:.2f} ms{rps}")
    rps = "" if args.latency_only else f"  {figures['healthz_rps']:.0f} req/s"
    print(f"GET /healthz          p50 {figures['healthz_p50_ms']:.2f} ms  p99 {figures['healthz_p99_ms']:.2f} ms{rps}")
    print(f"p50 ratio POST/healthz: {ratio:.2f}x (target <= 3x) {'ok' if ratio <= 3 else 'MISSED'}")
    if args.latency_only:
        return 0
    print(f"{args.batch_total:,}-item batch: {wall:.2f} s wall ({figures['batch_method']}; each {figures['batch_each_s']}) "
          f"(target <= 10 s) {'ok' if wall <= 10 else 'MISSED'}; {created} stored")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "http.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
