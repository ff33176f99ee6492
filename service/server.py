"""Running the app under gunicorn, in-process (so `pcn serve` needs no separate config file).

Workers are threaded (gthread): the engine serialises its C core behind a lock, but database and
JSON work overlap, and threads keep HTTP keep-alive connections, which sync workers do not.
Requests gunicorn refuses itself, before the app sees them (a request line beyond
`LIMIT_REQUEST_LINE`, headers too large, a malformed request), are answered with the same
problem+json documents as the app's own errors, not gunicorn's HTML page. A setting or front end
that keeps the app from starting (`core.plugins.StartError`) stops the server with its reason on
stderr.
"""
from __future__ import annotations

import os

from gunicorn import util
from gunicorn.app.base import BaseApplication

from core.problems import PROBLEM_JSON, problem_json

LIMIT_REQUEST_LINE = 8190  # the most gunicorn allows short of no limit at all


def default_workers() -> int:
    """`WEB_CONCURRENCY`, else 2 (the machines this runs on are small)."""
    try:
        return max(1, int(os.environ.get("WEB_CONCURRENCY", "2")))
    except ValueError:
        return 2


def write_problem(sock, status: int, reason: str, message: str) -> None:
    """gunicorn's `util.write_error`, answering with a problem document instead of an HTML page."""
    body = problem_json(status, reason, message)
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: {PROBLEM_JSON}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


class GunicornApp(BaseApplication):
    """A gunicorn application whose WSGI app is `service.create_app()` made in each worker."""

    def __init__(self, options: dict, config: dict | None = None):
        self.options = options
        self.app_config = config
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        import gc

        from gunicorn.errors import AppImportError

        from core.plugins import StartError

        from . import create_app

        try:
            app = create_app(self.app_config)
        except StartError as exc:   # gunicorn prints this one line and stops, rather than a traceback
            raise AppImportError(f"pcn: cannot start: {exc}") from None
        util.write_error = write_problem  # the worker's own error answers, in the service's shape
        # The app, its knowledge base and compiled rules live as long as the worker: moved out of the
        # collector's generations, they are no longer traversed by every full collection.
        gc.freeze()
        return app


def options(host: str = "127.0.0.1", port: int = 8000, workers: int | None = None, threads: int = 4,
            access_log: bool = False) -> dict:
    """gunicorn settings for `pcn serve`."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers or default_workers(),
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": os.environ.get("LOG_LEVEL", "info"),
        # A worker restarted now and then bounds any slow leak; jitter avoids restarting all at once.
        "max_requests": 20000,
        "max_requests_jitter": 2000,
        # gunicorn >= 27 opens one control socket per user by default; several servers on a
        # machine (tests, bench, `make run`) would fight over it, and nothing here uses it.
        "control_socket_disable": True,
        # gunicorn's longest request line (its default is 4,094): longer paths reach the app, which
        # answers problem+json (service.errors.MAX_PATH); beyond this gunicorn answers itself.
        "limit_request_line": LIMIT_REQUEST_LINE,
    }


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int | None = None, threads: int = 4,
          access_log: bool = False) -> None:
    """Serve the app under gunicorn until stopped."""
    GunicornApp(options(host, port, workers, threads, access_log)).run()


def wsgi_app():
    """A module-level WSGI callable for other servers: `gunicorn 'service.server:wsgi_app()'`."""
    from . import create_app

    return create_app()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(port: int, workers: int, threads: int, env: dict | None = None, cwd=None,
          wait_s: float = 60.0):
    """Start `pcn serve` on 127.0.0.1:`port` in a child process and wait until it accepts connections."""
    import socket
    import subprocess
    import sys
    import time

    # `python -m engine.cli` rather than the `pcn` script: run from a checkout (cwd), it serves that
    # checkout's code, not whichever copy the script was installed from
    proc = subprocess.Popen([sys.executable, "-m", "engine.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                             "--threads", str(threads)], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pcn serve exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"pcn serve did not start within {wait_s:.0f} s")


def stop(proc) -> None:
    """Stop a server started by `spawn` (or any child process): terminate, then kill if it lingers."""
    import subprocess

    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
