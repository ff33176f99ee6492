"""Telegram benchmark: the webhook's response time, and how long an update takes to become a reply.

`pcn serve` (gunicorn, as in production) runs on loopback with Telegram pointed at a fake Bot API
on 127.0.0.1 (`tests/fakes/telegram_api.py`). Simulated people talk at once, each waiting for the
bot's reply before the next message, as a person would: /start, then typed answers and "Not sure"
buttons in turn. Two figures: the webhook's response (Telegram only needs the 200; target p99 <
100 ms) and end to end, from posting the update to the reply reaching the fake API.

Bounded in count and time; the server and the fake are on free ports and stopped at the end.
Run: `make bench` or `python bench/telegram.py [--people N --rounds R]`; figures also go to
bench/results/telegram.json.
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


def person(port: int, fake: FakeTelegramAPI, rounds: int, webhook: list, e2e: list, lock) -> None:
    """One simulated person: /start, then answers, timing each update."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REPLY_TIMEOUT_S)
    user = new_id()
    typed = iter(["about 42k", "1 July 2019"])

    def post(update: dict) -> dict:
        before = len(fake.named("sendMessage", chat_id=user))
        body = json.dumps(update).encode()
        started = time.perf_counter()
        conn.request("POST", "/telegram/webhook", body, {"Content-Type": "application/json", HEADER: SECRET})
        r = conn.getresponse()
        r.read()
        answered = time.perf_counter()
        assert r.status == 200, r.status
        msg = fake.wait(lambda _calls: fake.named("sendMessage", chat_id=user)[before:], timeout=REPLY_TIMEOUT_S,
                        what="a reply")
        done = time.perf_counter()
        with lock:
            webhook.append((answered - started) * 1000)
            e2e.append((done - started) * 1000)
        fake.wait(lambda _calls: any(question_of(m) for m in fake.named("sendMessage", chat_id=user)[before:])
                  or "Setup checklist" in fake.named("sendMessage", chat_id=user)[-1]["text"],
                  timeout=REPLY_TIMEOUT_S, what="the whole reply")
        return [m for m in fake.named("sendMessage", chat_id=user)[before:] if question_of(m)][-1:] or msg

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeTelegramAPI() as fake:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "TELEGRAM_BOT_TOKEN": "123:bench",
               "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_URL": fake.url}
        subprocess.run([PCN, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
        port = free_port()
        server = spawn(port, args.workers, args.threads, env=env, cwd=ROOT)
        webhook, e2e, errors, lock = [], [], [], threading.Lock()
        try:
            def run():
                try:
                    person(port, fake, args.rounds, webhook, e2e, lock)
                except Exception as exc:   # counted and reported; the others go on
                    errors.append(repr(exc))
            threads = [threading.Thread(target=run, daemon=True) for _ in range(args.people)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(REPLY_TIMEOUT_S * (args.rounds + 2))
        finally:
            stop(server)
    figures = {"people": args.people, "updates": len(webhook), "errors": len(errors),
               "webhook_ms": {"p50": round(percentile(webhook, 50), 1), "p99": round(percentile(webhook, 99), 1)},
               "end_to_end_ms": {"p50": round(percentile(e2e, 50), 1), "p99": round(percentile(e2e, 99), 1)},
               "setup": f"gunicorn {args.workers} workers x {args.threads} threads, SQLite, fake Bot API on 127.0.0.1"}
    print(json.dumps(figures, indent=2))
    for e in errors[:5]:
        print("error:", e, file=sys.stderr)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "telegram.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
