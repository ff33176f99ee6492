"""Slack benchmark: how fast `/slack/events` acknowledges, under gunicorn on loopback, as `pcn serve` runs it.

Slack gives an app 3 seconds to acknowledge a request; this measures the acknowledgement (the HTTP
response) of the three kinds of request a conversation is made of: slash commands (`/pcn start`),
button clicks ("Not sure" on the current question) and typed messages (Events API), with the work
after the acknowledgement (database, engine, Web API calls to a fake Slack on 127.0.0.1) running
as in production. Several simulated people talk at once, each waiting for the app's reply before
answering, as a person would. Target: p99 < 300 ms for each kind.

Every loop is bounded in count and time; the server and the fake Slack are started on free ports
and stopped at the end. Run: `make bench` or `python bench/slack.py [--people N]`. Figures also go
to bench/results/slack.json.
"""
from __future__ import annotations

import os
import sys

# Python puts bench/ first on sys.path; keep it from shadowing anything the script imports.
_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]
sys.path.insert(0, os.path.dirname(_HERE))   # the repository, for tests.fakes

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import queue  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from service.server import free_port, spawn, stop  # noqa: E402
from tests.fakes.slack_api import FakeSlackAPI, action_body, command_body, dm_event, event_body, signed_headers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PCN = str(Path(sys.executable).with_name("pcn"))
SECRET = "bench-signing-secret"
RUN_LIMIT_S = 120        # no new conversation starts after this long
REPLY_TIMEOUT_S = 20     # the longest a simulated person waits for the app's reply
TARGET_P99_MS = 300


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Person:
    """One simulated person: a keep-alive connection, their DM as the fake Slack saw it."""

    def __init__(self, port: int, fake: FakeSlackAPI, user: str, timings: dict, lock: threading.Lock):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.fake, self.user, self.channel = fake, user, "D" + user
        self.timings, self.lock = timings, lock

    def post(self, kind: str, body_ct) -> None:
        body, ct = body_ct
        headers = signed_headers(SECRET, body, ct)
        started = time.perf_counter()
        self.conn.request("POST", "/slack/events", body=body, headers=headers)
        resp = self.conn.getresponse()
        resp.read()
        elapsed = time.perf_counter() - started
        if resp.status != 200:
            raise RuntimeError(f"{kind}: HTTP {resp.status}")
        with self.lock:
            self.timings[kind].append(elapsed)

    def question(self, after: int) -> dict:
        """Wait for the app's next question in the DM (posted after message number `after`)."""
        def found(_calls):
            mine = self.fake.named("chat.postMessage", channel=self.channel)
            new = mine[after:]
            return new[-1] if new and any(b.get("type") == "actions" for b in new[-1].get("blocks", [])) else None
        return self.fake.wait(found, timeout=REPLY_TIMEOUT_S, what=f"a question for {self.user}")

    def count(self) -> int:
        return len(self.fake.named("chat.postMessage", channel=self.channel))

    def talk(self, rounds: int) -> None:
        """/pcn start, then alternate typed answers and "Not sure" clicks (the second typed line asks
        to refine, so a question is always waiting: phase one alone can end within the rounds)."""
        n = self.count()
        self.post("slash command", command_body(self.user, "start"))
        q = self.question(n)
        typed = iter(["about 42k", "refine"])
        for i in range(rounds):
            n = self.count()
            if i % 2 == 0:
                self.post("message", event_body(dm_event(self.user, next(typed, "not sure")),
                                                f"Ev{self.user}{i}{time.time_ns()}"))
            else:
                block = next(b for b in q["blocks"] if b.get("type") == "actions")
                button = next(e for e in block["elements"] if e["type"] == "button" and '"__unsure__"' in e["value"])
                action = {"type": "button", "action_id": button["action_id"], "block_id": block["block_id"],
                          "value": button["value"], "text": button["text"]}
                self.post("button click", action_body(self.user, action, {"ts": q["_ts"], "blocks": q["blocks"]}))
            q = self.question(n)


def run(port: int, fake: FakeSlackAPI, people: int, rounds: int, clients: int) -> tuple[dict, int, list]:
    timings = {"slash command": [], "button click": [], "message": []}
    lock = threading.Lock()
    todo: queue.Queue = queue.Queue()
    for i in range(people):
        todo.put(f"UBENCH{os.getpid()}X{i}")
    errors: list = []
    finished = [0]
    started = time.monotonic()

    def worker():
        while time.monotonic() - started < RUN_LIMIT_S:
            try:
                user = todo.get_nowait()
            except queue.Empty:
                return
            try:
                Person(port, fake, user, timings, lock).talk(rounds)
                with lock:
                    finished[0] += 1
            except Exception as exc:  # counted and reported; the run goes on
                errors.append(f"{user}: {exc}")

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(RUN_LIMIT_S + REPLY_TIMEOUT_S * (rounds + 1))
    return timings, finished[0], errors


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=60, help="simulated people, each a short conversation")
    ap.add_argument("--rounds", type=int, default=8, help="answers each person gives after /pcn start")
    ap.add_argument("--clients", type=int, default=8, help="people talking at the same time")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="pcn-bench-slack-") as tmp, FakeSlackAPI() as fake:
        env = {**os.environ, "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_API_URL": fake.url}
        subprocess.run([PCN, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
        port = free_port()
        server = spawn(port, args.workers, args.threads, env=env, cwd=ROOT)
        try:
            warm = Person(port, fake, f"UWARM{os.getpid()}", {"slash command": []}, threading.Lock())
            for _ in range(args.workers * 2):       # each worker's first request calls auth.test
                warm.post("slash command", command_body(warm.user, "help"))
            started = time.monotonic()
            timings, finished, errors = run(port, fake, args.people, args.rounds, args.clients)
            wall = time.monotonic() - started
        finally:
            stop(server)

    figures = {"server": f"gunicorn gthread, {args.workers} workers x {args.threads} threads, loopback, "
                         f"{'SQLite' if args.database_url is None else 'DATABASE_URL'}; fake Slack Web API on 127.0.0.1",
               "people": args.people, "finished": finished, "concurrent": args.clients, "wall_s": round(wall, 1),
               "target_p99_ms": TARGET_P99_MS, "errors": errors[:5]}
    ok = not errors and finished == args.people
    print(f"server: {figures['server']}")
    print(f"{finished}/{args.people} conversations ({args.clients} at a time, {args.rounds} answers each) in {wall:.1f} s")
    for kind, values in timings.items():
        if not values:
            continue
        p50, p99 = percentile(values, 50) * 1000, percentile(values, 99) * 1000
        key = kind.replace(" ", "_")
        figures.update({f"{key}_n": len(values), f"{key}_p50_ms": round(p50, 2), f"{key}_p99_ms": round(p99, 2),
                        f"{key}_max_ms": round(max(values) * 1000, 2)})
        verdict = "ok" if p99 < TARGET_P99_MS else "OVER TARGET"
        ok = ok and p99 < TARGET_P99_MS
        print(f"ack {kind:<14} n={len(values):<4} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  max {max(values) * 1000:7.2f} ms"
              f"  (target p99 < {TARGET_P99_MS} ms: {verdict})")
    for e in errors[:5]:
        print(f"error: {e}", file=sys.stderr)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "slack.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
