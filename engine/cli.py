"""The `pcn` command line: `pcn knowledge check`, and commands other packages add (`pcn assess` is the core's).

Other packages (the service, the bot) contribute subcommands through the `pcn.commands` entry-point
group, each a `register(subparsers)` function, so the engine itself stays free of them. They are
loaded only when the command line names none of the engine's own commands (so `pcn assess` starts
without them), and each registers its commands without importing its libraries (Flask, Slack,
Telegram, ...): those are imported when its command runs.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import KnowledgeError, format_problem


def cmd_knowledge_check(args) -> int:
    """Load and check the knowledge files; list every problem."""
    from . import Engine
    from .knowledge import load

    try:
        k = load(args.dir)
        engine = Engine(k)
    except KnowledgeError as exc:
        for p in exc.problems:
            print(format_problem(p), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(k.questions)} questions, {len(k.parameters)} parameters, {len(k.rules)} rules "
          f"({len(engine.compiled.definition)} compiled), {len(k.checklist)} checklist items; "
          f"rules_version {k.rules_version}")
    return 0


def cmd_knowledge_coverage(args) -> int:
    """Print how much of each source the source map accounts for; exit 1 while anything is not."""
    from . import source_map
    from .knowledge import load, sources_dir

    k = load(args.dir)
    where = Path(args.sources) if args.sources else sources_dir()
    if where is None:
        print("pcn: the source documents are not installed (set PCN_SOURCES_DIR)", file=sys.stderr)
        return 2
    if args.stub:
        for source in k.sources:
            if source.startswith(args.stub) and (where / source).is_file():
                path = source_map.map_path(k.directory, source)
                entries = source_map.stub((where / source).read_text(encoding="utf-8"), source_map.load_map(path))
                path.parent.mkdir(exist_ok=True)
                path.write_text(source_map.dump(source, entries), encoding="utf-8")
                print(f"wrote {path} ({sum(1 for e in entries if e.get('todo'))} to do)")
        return 0
    problems = 0
    for cov in source_map.coverage(k, where, k.directory):
        share = cov.accounted / cov.total if cov.total else 1.0
        print(f"{cov.source}: {cov.accounted}/{cov.total} accounted ({share:.0%}), {cov.encoded} encoded")
        for heading, (done, total) in cov.headings.items():
            if args.verbose or done < total:
                print(f"  {done}/{total}  {heading}")
        gaps = dict(cov.gaps)
        for u in cov.unaccounted:
            label = f"gap ({gaps[u.at]})" if u.at in gaps else "not accounted"
            print(f"  {label}: {u.at} [{u.fingerprint}] {u.text[:args.width]}")
        for e in cov.stale:
            print(f"  stale entry (no such unit): {e.get('at')} [{e.get('fp')}]")
        for at, i in cov.unknown_ids:
            print(f"  unknown id: {at}: {i}")
        for at, msg in cov.bad_reasons:
            print(f"  {at}: {msg}")
        problems += len(cov.unaccounted) + len(cov.stale) + len(cov.unknown_ids) + len(cov.bad_reasons)
    return 1 if problems else 0


def _knowledge_named(name: str):
    """The knowledge a folder holds, or a version kept in the database (through `pcn.versions`)."""
    from .knowledge import load, load_files

    if Path(name).is_dir():
        return load(name)
    from importlib.metadata import entry_points

    for ep in entry_points(group="pcn.versions"):
        return load_files(ep.load()(name))
    raise SystemExit(f"pcn: {name} is neither a knowledge folder nor a kept version")


def cmd_knowledge_diff(args) -> int:
    """Print what differs between two knowledge versions, by id."""
    from .knowledge_diff import KINDS, diff

    try:
        d = diff(_knowledge_named(args.a), _knowledge_named(args.b))
    except LookupError as exc:
        print(f"pcn: no knowledge is kept for version {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(d, indent=2))
        return 0
    print(f"knowledge {d['from']} -> {d['to']}")
    for kind in KINDS:
        for what in ("added", "removed", "changed"):
            if d[kind][what]:
                print(f"  {kind} {what} ({len(d[kind][what])}): {', '.join(d[kind][what])}")
    if not any(d[kind][w] for kind in KINDS for w in ("added", "removed", "changed")):
        print("  no difference in rules, parameters, questions, checklist items or models")
    return 0


#: The engine's own commands: with one of these, no other package's commands are loaded.
OWN = ("knowledge",)


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser with the engine's subcommands and, unless `argv` names one of them, every
    registered one."""
    p = argparse.ArgumentParser(prog="pcn", description="PCN Advisor: cited rules for Primary Care Networks")
    sub = p.add_subparsers(dest="command", required=True)
    k = sub.add_parser("knowledge", help="work with the knowledge files")
    ksub = k.add_subparsers(dest="knowledge_command", required=True)
    kc = ksub.add_parser("check", help="check the knowledge files and compile them")
    kc.add_argument("--dir", default=None, help="knowledge folder (default: the installed one)")
    kc.set_defaults(func=cmd_knowledge_check)
    kv = ksub.add_parser("coverage", help="how much of each source the source map accounts for")
    kv.add_argument("--dir", default=None, help="knowledge folder (default: the installed one)")
    kv.add_argument("--sources", default=None, help="folder of the source documents (default: PCN_SOURCES_DIR)")
    kv.add_argument("--stub", metavar="PREFIX", help="add a todo entry for each unmapped unit of the sources "
                    "whose file name starts with PREFIX (e.g. 000)")
    kv.add_argument("--verbose", "-v", action="store_true", help="list every heading, not only unfinished ones")
    kv.add_argument("--width", type=int, default=80, help="characters of each unaccounted unit to show")
    kv.set_defaults(func=cmd_knowledge_coverage)
    kd = ksub.add_parser("diff", help="what differs between two knowledge versions (ids kept in the database, "
                         "or knowledge folders): rules, parameters, questions, checklist items, models")
    kd.add_argument("a")
    kd.add_argument("b")
    kd.add_argument("--json", action="store_true", help="print the difference as JSON")
    kd.set_defaults(func=cmd_knowledge_diff)
    wanted = _command(sys.argv[1:] if argv is None else argv)
    if wanted not in OWN:
        from importlib.metadata import entry_points

        for ep in sorted(entry_points(group="pcn.commands"), key=lambda e: e.name):
            try:
                ep.load()(sub)
            except ImportError as exc:  # a front end whose dependencies are missing
                print(f"pcn: commands from {ep.name} unavailable: {exc}", file=sys.stderr)
            if wanted in sub.choices:    # found the package that has it: the rest need not load
                break
    return p


def _command(argv: list[str]) -> str | None:
    """The subcommand `argv` names (its first word that is not an option), if any."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `pcn` console script."""
    args = parser(argv).parse_args(argv)
    try:
        return args.func(args) or 0
    except KnowledgeError as exc:
        print(f"pcn: knowledge problem: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
