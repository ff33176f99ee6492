"""Telegram benchmark: the webhook's response time, and how long an update takes to become a reply.

`pcn serve` (gunicorn, as in production) runs on loopback with Telegram pointed at a fake Bot API
on 127.0.0.1 (`tests/fakes/telegram_api.py`). Simulated people talk at once, each waiting for the
bot's reply before the next message, as a person would: /start, then typed answers and "Not sure"
buttons in turn. Two figures: the webhook's response (Telegram only needs the 200; target p99 <
300 ms, issue 13) and end to end, from posting the update to the reply reaching the fake API.

The figures are of a warm server: gunicorn listens before its workers have built the app, so
updates sent at once would wait the workers' start-up (reported apart, as `cold_start_ms`), not
the webhook. A warm-up round of updates goes first and is not counted. The server runs this
tree's code (its directory first on PYTHONPATH), not whatever the `pcn` script was installed from.

Bounded in count and time; the server and the fake are on free ports and stopped at the end.
Run: `make bench` or `python bench/telegram.py [--people N --rounds R]`; figures also go to
bench/results/telegram.json (`--timeline FILE` also writes every update's timings).
"""
from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.getcwd()) != _HERE]
sys.path.insert(0, os.path.dirname(_HERE))   # the repository, for tests.fakes

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from service.server import free_port, spawn, stop  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI, callback_update, message_update  # noqa: E402
from tests.fakes.telegram_user import HEADER, SECRET, buttons, new_id, question_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PCN = str(Path(sys.executable).with_name("pcn"))
REPLY_TIMEOUT_S = 20


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


class Timings:
    """Each counted update: when it was posted (seconds into the run), what it was, and in milliseconds
    from posting it, the webhook's answer and the first message of the reply."""

    def __init__(self):
        self.t0 = time.perf_counter()
        self.updates: list[dict] = []
        self._lock = threading.Lock()

    def add(self, started: float, answered: float, replied: float, what: str) -> None:
        with self._lock:
            self.updates.append({"at_s": round(started - self.t0, 3), "what": what,
                                 "webhook_ms": round((answered - started) * 1000, 1),
                                 "end_to_end_ms": round((replied - started) * 1000, 1)})

    def figures(self, key: str) -> dict:
        values = [u[key] for u in self.updates]
        return {"p50": round(percentile(values, 50), 1), "p99": round(percentile(values, 99), 1),
                "max": round(max(values, default=float("nan")), 1)}


def _post(conn: http.client.HTTPConnection, body: bytes) -> http.client.HTTPResponse:
    conn.request("POST", "/telegram/webhook", body, {"Content-Type": "application/json", HEADER: SECRET})
    r = conn.getresponse()
    r.read()
    return r


def person(port: int, fake: FakeTelegramAPI, rounds: int, timings: Timings | None) -> None:
    """One simulated person: /start, then answers, timing each update (not counted without `timings`)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REPLY_TIMEOUT_S)
    user = new_id()
    typed = iter(["about 42k", "1 July 2019"])

    def post(update: dict) -> dict:
        before = len(fake.sent(user))
        body = json.dumps(update).encode()
        started = time.perf_counter()
        try:
            r = _post(conn, body)
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # gunicorn closes a connection idle for 5 s (a person waiting that long for a reply);
            # Telegram would open another, and redelivers the same update id
            conn.close()
            r = _post(conn, body)
        answered = time.perf_counter()
        assert r.status == 200, r.status
        msg = fake.wait_sent(user, lambda sent: sent[before:], timeout=REPLY_TIMEOUT_S, what="a reply")
        if timings is not None:
            what = update["message"]["text"] if "message" in update else update["callback_query"]["data"]
            timings.add(started, answered, time.perf_counter(), what)
        new = fake.wait_sent(user, lambda sent: sent[before:] if any(question_of(m) for m in sent[before:])
                             or "Setup checklist" in sent[-1]["text"] else None,
                             timeout=REPLY_TIMEOUT_S, what="the whole reply")
        return [m for m in new if question_of(m)][-1:] or msg

    last = post(message_update(new_id(), user, "/start"))[-1]
    for i in range(rounds):
        qid = question_of(last)
        if qid is None:
            return
        unsure = [b for b in buttons(last) if b["callback_data"] == f"a:{qid}:__unsure__"]
        if i % 2 and unsure:
            last = post(callback_update(new_id(), user, unsure[0]["callback_data"], last["message_id"]))[-1]
        else:
            last = post(message_update(new_id(), user, next(typed, "not sure")))[-1]


def crowd(port: int, fake: FakeTelegramAPI, people: int, rounds: int, timings: Timings | None,
          errors: list) -> None:
    """`people` people talking at once, each for `rounds` answers after /start."""
    def run():
        try:
            person(port, fake, rounds, timings)
        except Exception as exc:   # counted and reported; the others go on
            errors.append(repr(exc))
    threads = [threading.Thread(target=run, daemon=True) for _ in range(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(REPLY_TIMEOUT_S * (rounds + 2))


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds used so far by a process and its children (the gunicorn master and workers), from
    /proc; None where there is no /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0.0
        for p in [pid, *map(int, children)]:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime, stime
        return total
    except (OSError, ValueError):
        return None


def warm_up(port: int, fake: FakeTelegramAPI, workers: int, threads: int) -> tuple[float, list]:
    """Wait for the workers to have built the app: the first answer takes their start-up (its time
    is returned), then a second round, as wide as the server, reaches workers that were still starting."""
    errors: list = []
    started = time.perf_counter()
    crowd(port, fake, workers * threads, 0, None, errors)
    cold_ms = (time.perf_counter() - started) * 1000
    crowd(port, fake, workers * threads, 0, None, errors)
    return cold_ms, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=6,
                        help="answers after /start (a person stops at the result: 6 answers reach it)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--api-ms", type=float, default=0,
                        help="time each Bot API call takes, as from a server far from Telegram's")
    parser.add_argument("--timeline", type=Path, help="also write every counted update's timings here (JSON)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeTelegramAPI(args.api_ms / 1000) as fake:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "TELEGRAM_BOT_TOKEN": "123:bench",
               "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_URL": fake.url,
               "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
        subprocess.run([PCN, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
        port = free_port()
        server = spawn(port, args.workers, args.threads, env=env, cwd=ROOT)
        timings, cpu = Timings(), {}
        try:
            cold_ms, errors = warm_up(port, fake, args.workers, args.threads)
            if not errors:
                timings = Timings()
                mine, served = resource.getrusage(resource.RUSAGE_SELF), process_cpu_s(server.pid)
                crowd(port, fake, args.people, args.rounds, timings, errors)
                after = resource.getrusage(resource.RUSAGE_SELF)
                # what the run cost, and who paid: on a small machine the people and the fake API
                # (this process) take CPU from the server
                cpu = {"wall_s": round(time.perf_counter() - timings.t0, 2),
                       "server_s": round(process_cpu_s(server.pid) - served, 2) if served is not None else None,
                       "bench_s": round(after.ru_utime + after.ru_stime - mine.ru_utime - mine.ru_stime, 2)}
        finally:
            stop(server)
    figures = {"people": args.people, "rounds": args.rounds, "updates": len(timings.updates),
               "errors": len(errors), "webhook_ms": timings.figures("webhook_ms"),
               "end_to_end_ms": timings.figures("end_to_end_ms"), "cold_start_ms": round(cold_ms, 1),
               "cpu": cpu,
               "setup": f"gunicorn {args.workers} workers x {args.threads} threads, SQLite, fake Bot API on "
                        f"127.0.0.1 answering in {args.api_ms:g} ms"}
    print(json.dumps(figures, indent=2))
    for e in errors[:5]:
        print("error:", e, file=sys.stderr)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "telegram.json").write_text(json.dumps(figures, indent=2) + "\n")
    if args.timeline:
        args.timeline.write_text(json.dumps(sorted(timings.updates, key=lambda u: u["at_s"]), indent=1) + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
