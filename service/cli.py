"""`pcn serve` and `pcn reassess`: the HTTP service's subcommands of the `pcn` command line (reassessing
needs the served app, whose front ends tell people their advice changed).

Registered through the `pcn.commands` entry-point group (see pyproject.toml).
"""
from __future__ import annotations

import os
import sys


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
    register_reassess(subparsers)


def cmd_reassess(args) -> int:
    """Reassess every latest stored assessment made under older rules; print what changed."""
    from core import plugins
    from core.db import shared_db_engine
    from core.notices import notifier
    from core.reassess_workers import WorkerFailed, run_workers

    from . import create_app

    if args.workers < 1:
        print("--workers must be 1 or more", file=sys.stderr)
        return 2
    app = create_app()
    rules = plugins.rules_engine(app)
    try:
        done = run_workers(shared_db_engine(), rules, args.workers, since=args.since, dry_run=args.dry_run,
                           notify=notifier(app) if args.notify else None)
    except WorkerFailed as exc:
        print(f"Not finished: {exc}", file=sys.stderr)
        return 1
    verb = "would change" if args.dry_run else "changed"
    print(f"{done.seen} reassessed under rules {rules.rules_version}{' (dry run: nothing stored)' if args.dry_run else ''}; "
          f"{done.changed} {verb}: status {done.status}, advice {done.advice}, new blockers {done.blockers}, "
          f"funding {done.funding}" + (f"; {done.told} told in their channel" if args.notify else ""))
    for item in done.items:
        print(f"  {item['previous_id']} -> {item['assessment_id'] or '(not stored)'}: {', '.join(item['what'])}")
    if done.changed > len(done.items):
        print(f"  ... and {done.changed - len(done.items)} more")
    return 0


def register_reassess(subparsers) -> None:
    r = subparsers.add_parser("reassess", help="rerun every latest stored assessment made under older rules")
    r.add_argument("--since", metavar="VERSION", help="only those made under this rules version or a later one")
    r.add_argument("--dry-run", action="store_true", help="compare, but store nothing and tell no one")
    r.add_argument("--notify", action="store_true", help="tell each person whose advice changed, in their channel")
    r.add_argument("--workers", type=int, default=1, metavar="N",
                   help="share the work between N processes (one per core at most; default 1)")
    r.set_defaults(func=cmd_reassess)
