"""The outline as plain text: `pcn assess`, the terminal chat and the fallbacks of chat messages.

Sections come in the outline's order under upper-case titles; each point is wrapped to `WIDTH`
with its status word, its citation in brackets and the judgement marker where it applies.
"""
from __future__ import annotations

import textwrap

from core.dialogue.describe import JUDGEMENT, cite

from .words import status_label

WIDTH = 100


def wrap(text: str, indent: str = "", first: str | None = None) -> str:
    """`text` wrapped to WIDTH, the first line starting with `first` (default `indent`)."""
    return textwrap.fill(text, WIDTH, initial_indent=indent if first is None else first, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def point_text(it: dict, sources: dict | None = None) -> str:
    """One point as a line: [status] label: points text (our judgement) [citation]."""
    parts = []
    if it.get("status"):
        parts.append(f"[{status_label(it['status'])}]")
    if it.get("label"):
        parts.append(f"{it['label']}:")
    if it.get("points") is not None and not it.get("children"):
        parts.append(f"{it['points']:+d}")
    parts.append(it["text"])
    if it.get("basis") == "judgement" and JUDGEMENT not in it["text"]:
        parts.append(JUDGEMENT)
    c = cite(it.get("citation"), sources)
    if c:
        parts.append(c)
    return " ".join(p for p in parts if p)


def items_text(items: list, sources: dict | None, depth: int = 1) -> list[str]:
    out = []
    pad = "  " * depth
    for it in items:
        out.append(wrap(point_text(it, sources), pad + "  ", pad + "• " if depth == 1 else pad + "- "))
        out += items_text(it.get("children") or [], sources, depth + 1)
    return out


def headline_text(o: dict) -> str:
    """The decision in a line or two: the headline and how sure it is."""
    d = o["decision"]
    sure = f" ({d['confidence_text']})" if d.get("confidence_text") else ""
    return f"{d['headline']}{sure}"


def render(o: dict, sources: dict | None = None, title: str = "Your PCN assessment") -> str:
    """The whole outline as text."""
    m = o["meta"]
    saved = f", saved as {m['assessment_id']}" if m.get("assessment_id") else ""
    out = [f"=== {title} (as of {m['as_of']}, contract year {m['contract_year']}, rules {m['rules_version']}"
           f"{saved}) ===", "", wrap("ADVICE: " + headline_text(o)), ""]
    for s in o["sections"]:
        out.append(s["title"].upper())
        if s.get("intro"):
            out.append(wrap(s["intro"], "  "))
        out += items_text(s["items"], sources)
        out.append("")
    return "\n".join(out)


def changes_lines(c: dict, sources: dict | None = None, skip: tuple = ("answers",)) -> list[str]:
    """A comparison (core.outline.changes) as text lines: the headline and its points, then each
    section (those in `skip` left out: the caller has shown them)."""
    out = [wrap(c["headline"])] + items_text(c["summary"], sources)
    for s in c["sections"]:
        if s["id"] not in skip:
            out += [s["title"].upper()] + items_text(s["items"], sources)
    if c["nothing"]:
        out.append("  Nothing else in the assessment changes.")
    return out
