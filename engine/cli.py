"""The `pcn` command line: `pcn assess`, `pcn knowledge check`, and commands other packages add.

Other packages (the service, the bot) contribute subcommands through the `pcn.commands` entry-point
group, each a `register(subparsers)` function, so the engine itself stays free of them.
"""
from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import entry_points
from pathlib import Path

from .errors import FactsError, KnowledgeError, format_problem


def _read_facts(source: str):
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise SystemExit(f"pcn: cannot read {source}: {exc.strerror}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        print(f"pcn: {source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", file=sys.stderr)
        raise SystemExit(2)


def cmd_assess(args) -> int:
    """Assess a facts object from a file or stdin and print the report (or JSON)."""
    from . import default_engine
    from .report import render

    facts = _read_facts(args.file)
    try:
        result = default_engine().assess(facts)
    except FactsError as exc:
        print("pcn: the facts have problems:", file=sys.stderr)
        for field, messages in sorted(exc.errors.items()):
            for m in messages:
                print(f"  {field}: {m}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(result))
    return 0


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


def parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    p = argparse.ArgumentParser(prog="pcn", description="PCN Advisor: cited rules for Primary Care Networks")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assess", help="assess a facts object (JSON file or - for stdin)")
    a.add_argument("file", nargs="?", default="-")
    a.add_argument("--json", action="store_true", help="print the assessment as JSON")
    a.set_defaults(func=cmd_assess)
    k = sub.add_parser("knowledge", help="work with the knowledge files")
    ksub = k.add_subparsers(dest="knowledge_command", required=True)
    kc = ksub.add_parser("check", help="check the knowledge files and compile them")
    kc.add_argument("--dir", default=None, help="knowledge folder (default: the installed one)")
    kc.set_defaults(func=cmd_knowledge_check)
    for ep in sorted(entry_points(group="pcn.commands"), key=lambda e: e.name):
        try:
            ep.load()(sub)
        except ImportError as exc:  # a front end whose dependencies are missing
            print(f"pcn: commands from {ep.name} unavailable: {exc}", file=sys.stderr)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `pcn` console script."""
    args = parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except KnowledgeError as exc:
        print(f"pcn: knowledge problem: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
