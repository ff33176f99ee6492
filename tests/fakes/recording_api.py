"""A recording Web API on 127.0.0.1: the mechanism every fake chat platform in tests/fakes stands on.

A tiny threaded `http.server` that takes each call's method name from the last path segment, its
parameters from the body (JSON or a form) and the query string, records `(method, params)` in
`calls` and answers with what the subclass's `_answer(method, params)` returns, as JSON. Tests wait
for calls with `wait` / `wait_for` instead of sleeping, and may hold every call (`gate`) to show
that something does not wait for the API.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):   # a client hanging up (a stopped server) is no news
        pass


class RecordingAPI:
    """A recording Web API; use as a context manager or call `start()` / `stop()`.

    Subclasses set `CONTENT_TYPE`, `PATH` (appended to the base URL), `JSON_KEYS` (form fields that
    carry JSON whatever they look like) and implement `_answer(method, params) -> dict`, calling
    `self._record(method, params)` where it suits them.
    """

    CONTENT_TYPE = "application/json"
    PATH = ""
    JSON_KEYS: frozenset = frozenset()
    WAIT_TIMEOUT = 10.0

    def __init__(self, delay: float = 0.0):
        self.calls: list[tuple[str, dict]] = []
        self.delay = delay                  # seconds each call takes, to mimic a distant API
        self.gate = threading.Event()       # cleared, every call waits until it is set again
        self.gate.set()
        self._cond = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):   # keep test output quiet
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                method = self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
                params = fake._params(raw, self.headers.get("Content-Type", ""), self.path)
                if fake.delay:
                    time.sleep(fake.delay)
                fake.gate.wait()
                body = json.dumps(fake._answer(method, params)).encode()
                self.send_response(200)
                self.send_header("Content-Type", fake.CONTENT_TYPE)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{self.PATH}"
        # a short poll interval: shutdown() waits for one, and tests start and stop many of these
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def start(self):
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _answer(self, method: str, params: dict) -> dict:
        raise NotImplementedError

    def _record(self, method: str, params: dict) -> None:
        """Keep a call and wake whoever waits for one."""
        with self._cond:
            self.calls.append((method, params))
            self._cond.notify_all()

    def _params(self, raw: str, content_type: str, path: str) -> dict:
        """A call's parameters from JSON, a form or the query string; JSON-looking values decoded."""
        if "json" in content_type:
            return json.loads(raw or "{}")
        out = {}
        pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True) + \
            urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query, keep_blank_values=True)
        for key, value in pairs:
            if value[:1] in "[{" or key in self.JSON_KEYS:
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            out[key] = value
        return out

    def named(self, method: str, **match) -> list[dict]:
        """The recorded parameters of calls to `method` whose parameters include `match`."""
        with self._cond:
            return [p for m, p in self.calls if m == method and all(p.get(k) == v for k, v in match.items())]

    def wait(self, predicate, timeout: float | None = None, what: str = "a condition"):
        """Wait until `predicate(calls)` is truthy and return its value (AssertionError on timeout)."""
        deadline = time.monotonic() + (self.WAIT_TIMEOUT if timeout is None else timeout)
        with self._cond:
            while True:
                value = predicate(list(self.calls))
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}")
                self._cond.wait(min(left, 0.05))   # also re-check now and then: the predicate may read a database

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, **match) -> list[dict]:
        """Wait until at least `count` matching calls were made; return them (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [p for m, p in self.calls if m == method and all(p.get(k) == v for k, v in match.items())]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {count} {method} call(s) matching {match}; "
                                         f"got {len(found)}")
                self._cond.wait(left)
