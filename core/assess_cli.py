"""`pcn assess`: assess a facts object (a JSON file or stdin) and print its result.

The result is printed from its outline (core.outline), as every channel shows it; `--summary`
prints the summary for partners instead, `--pdf FILE` writes that summary as a PDF, and `--json`
prints the assessment (or, with `--summary`, the summary) as JSON.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


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
    """Assess a facts object from a file or stdin and print the result (or its summary, or JSON)."""
    from engine import default_engine
    from engine.errors import FactsError

    from .outline import outline
    from .outline.summary import summary
    from .outline.summary import text as summary_text
    from .outline.text import render

    facts = _read_facts(args.file)
    engine = default_engine()
    try:
        result = engine.assess(facts, explain=True)
    except FactsError as exc:
        print("pcn: the facts have problems:", file=sys.stderr)
        for field, messages in sorted(exc.errors.items()):
            for m in messages:
                print(f"  {field}: {m}", file=sys.stderr)
        return 2
    k = engine.knowledge
    o = outline(result, k)
    if args.summary or args.pdf:
        short = summary(o, k)
        if args.pdf:
            from .outline.pdf import summary_pdf

            Path(args.pdf).write_bytes(summary_pdf(short))
            print(f"summary for partners written to {args.pdf}", file=sys.stderr)
        if args.summary:
            sys.stdout.write(json.dumps(short, indent=2, ensure_ascii=False) + "\n" if args.json else summary_text(short))
        return 0
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(o, k.sources))
    return 0


def register(subparsers) -> None:
    """Add `assess` to the `pcn` command line."""
    a = subparsers.add_parser("assess", help="assess a facts object (JSON file or - for stdin)")
    a.add_argument("file", nargs="?", default="-")
    a.add_argument("--json", action="store_true", help="print the assessment (or with --summary the summary) as JSON")
    a.add_argument("--summary", action="store_true", help="print the one-page summary for partners")
    a.add_argument("--pdf", metavar="FILE", help="write the summary for partners as a PDF to FILE")
    a.set_defaults(func=cmd_assess)
