"""`pcn serve`: the HTTP service's subcommand of the `pcn` command line.

Registered through the `pcn.commands` entry-point group (see pyproject.toml).
"""
from __future__ import annotations

import os


def cmd_serve(args) -> int:
    """Serve the HTTP API under gunicorn."""
    from .server import serve

    serve(args.host, args.port, args.workers, args.threads, args.access_log)
    return 0


def register(subparsers) -> None:
    """Add `serve` to the `pcn` command line."""
    s = subparsers.add_parser("serve", help="serve the HTTP API under gunicorn")
    s.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    s.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    s.add_argument("--workers", type=int, default=None, help="worker processes (default: WEB_CONCURRENCY or 2)")
    s.add_argument("--threads", type=int, default=4, help="threads per worker")
    s.add_argument("--access-log", action="store_true", help="log every request to stdout")
    s.set_defaults(func=cmd_serve)
