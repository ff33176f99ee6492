"""Plain-text rendering of replies, for the terminal chat (and as Slack's notification fallback).

The result is its outline (core.outline) as text, every point cited; so is every point of a
free-text answer and of a triage case.
"""
from __future__ import annotations

import re
import textwrap

from core.outline import outline
from core.outline.changes import changes
from core.outline.text import changes_lines
from core.outline.text import render as outline_text

from .describe import (
    DISAGREEMENTS_TITLE,
    STATUS_OF_CASE,
    case_reason,
    case_title,
    cite,
    definition_line,
    disagreement_lines,
    marked,
    models_text,
)
from .replies import AdviserReply, Answer, Ask, Choices, Escalated, Explain, Result, Say, WhatIf

WIDTH = 100
SHOWN_RULES = 8     # a "why?" lists this many rules, then says how many more
EXCERPT = 400       # characters of a source passage shown in an answer
LINKED = 5          # linked rules (and checklist items) an answer lists
CHOICES_HINT = "Type the numbers or names of any that apply, for example \"1, 3\" (or \"none\", or \"not sure\")."
ADVISER_HINT = "Not what you needed? Type adviser to ask an LMC adviser."


def plain(text: str) -> str:
    """Slack-style *bold* markers removed."""
    return re.sub(r"\*([^*\n]+)\*", r"\1", text)


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(plain(text), WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def ask_text(a: Ask) -> str:
    """A question with its help, options and progress."""
    q = a.question
    lines = []
    if a.ack:
        lines.append(f"  ✓ {a.ack}")
    if a.note:
        lines.append(_wrap(a.note, "  ", "  ! "))
    more = f", about {a.remaining} more after this" if a.remaining else ", the last one for now"
    lines.append(f"Question {a.number}{more}:")
    lines.append(_wrap(q["prompt"], "  "))
    if q.get("help"):
        lines.append(_wrap("(" + q["help"] + ")", "   ", "  "))
    if a.aside:
        lines.append(_wrap(a.aside, "    ", "  ! "))
    if q["type"] in ("choice", "choices"):
        for i, c in enumerate(q["choices"], 1):
            lines.append(f"    {i}. {c['label']}")
        if q["type"] == "choices":
            lines.append(f"  {CHOICES_HINT}")
    elif q["type"] == "boolean":
        lines.append("    yes / no / not sure")
    elif q["type"] == "practices":
        lines.append("    One practice a line: name, ODS code, list size. A blank line ends the list.")
    if a.previous:
        lines.append(f"  (Your answer was: {a.previous})")
    return "\n".join(lines)


def explain_text(e: Explain, k) -> str:
    """Why a question matters, with the rules that read it."""
    lines = [f"Why we ask \"{e.prompt}\"", _wrap(f"{e.why} {cite(e.citation, k.sources)}", "  ")]
    live = [r for r in e.rules if r["live"]]
    if live:
        lines.append("  Rules that use the answer:")
        for r in live[:SHOWN_RULES]:
            lines.append(_wrap(f"{marked(r['text'], r)} ({models_text(r['models'], k.models)}) {cite(r['citation'], k.sources)}",
                               "      ", "    • "))
    if len(live) > SHOWN_RULES:
        lines.append(f"    • and {len(live) - SHOWN_RULES} more")
    gone = len(e.rules) - len(live)
    if gone:
        lines.append(f"  ({gone} other rule{'s' if gone != 1 else ''} read it but cannot apply with your answers so far.)")
    return "\n".join(lines)


def result_text(r: Result, k) -> str:
    """The whole assessment, from its outline: the advice first, then every section, each point cited."""
    o = outline(r.assessment, k, unsure=r.unsure, undecided=r.undecided, topics=r.topics,
                assessment_id=r.assessment_id)
    return outline_text(o, k.sources)


def what_if_text(w: WhatIf, k) -> str:
    """What would change with the answers tried (a headline, then the details), or why they could
    not be tried."""
    if w.problem:
        return _wrap(plain(w.problem))
    tried = "; ".join(f"{c['prompt']} -> {c['answer']}" for c in w.changes)
    out = [_wrap(f"WHAT IF: {tried}"), *changes_lines(changes(w.diff, k), k.sources),
           _wrap("Nothing has been saved: your answers are as they were.", "  ")]
    return "\n".join(out)


def render(replies: list, k) -> str:
    """All replies of one turn as text."""
    parts = []
    for r in replies:
        if isinstance(r, Say):
            parts.append("\n".join(_wrap(line, "  ") for line in r.text.splitlines()))
        elif isinstance(r, Ask):
            parts.append(ask_text(r))
        elif isinstance(r, Explain):
            parts.append(explain_text(r, k))
        elif isinstance(r, Result):
            parts.append(result_text(r, k))
        elif isinstance(r, Answer):
            parts.append(answer_text(r.answer, k))
        elif isinstance(r, Escalated):
            parts.append(escalated_text(r, k))
        elif isinstance(r, AdviserReply):
            parts.append(adviser_reply_text(r.case))
        elif isinstance(r, WhatIf):
            parts.append(what_if_text(r, k))
        elif isinstance(r, Choices):
            lines = ["Your answers so far (type change and a number or name):"]
            lines += [f"  {i}. {c['prompt']}  ->  {c['answer']}" for i, c in enumerate(r.items, 1)]
            parts.append("\n".join(lines))
    return "\n\n".join(parts)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The start of a passage, cut at a word, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def linked(a: dict, limit: int = LINKED) -> tuple[list, list]:
    """The answer's linked rules and checklist items, leaving out those already shown as guidance."""
    shown = {g["id"] for g in a["guidance"]}
    return ([r for r in a["rules"] if f"rule:{r['id']}" not in shown][:limit],
            [i for i in a["checklist"] if f"checklist:{i['id']}" not in shown][:limit])


def answer_text(a: dict, k) -> str:
    """A free-text answer: guidance notes, source passages, linked rules and checklist items, each cited."""
    src = k.sources
    out = [f"Q: {a['question']}"]
    if not a["found"]:
        return "\n".join(out + [_wrap(a["message"], "  "), "  Type adviser and I'll pass your question to them."])
    for d in a.get("definitions") or []:
        out.append(_wrap(f"{definition_line(d)} {cite(d['citation'], src) if d['citation'] else '(our words)'}", "    ", "  "))
    if a["guidance"]:
        out.append("From our guidance notes:")
        out += [_wrap(f"{g['text']} {cite(g['citation'], src)}", "    ", "  • ") for g in a["guidance"]]
    if a["sources"]:
        out.append("From the source documents:")
        out += [_wrap(f"{p['title']}: {excerpt(p['text'])} {cite(p['citation'], src)}", "    ", "  • ")
                for p in a["sources"]]
    disputes = disagreement_lines(a.get("disagreements"), src)
    if disputes:
        out.append(f"{DISAGREEMENTS_TITLE}:")
        out += [_wrap(line, "    ", "  • ") for line in disputes]
    rules, items = linked(a)
    if rules:
        out.append("Rules that touch this:")
        out += [_wrap(f"{r['description']} {cite(r['citation'], src)}", "    ", "  • ") for r in rules]
    if items:
        out.append("Checklist items:")
        out += [_wrap(f"{i['text']} {cite(i['citation'], src)}", "    ", "  • ") for i in items]
    return "\n".join(out + ["  " + ADVISER_HINT])


def escalated_text(e: Escalated, k) -> str:
    """What an escalation did: the new cases with why they got their priority, and those already open."""
    if e.problem:
        return _wrap(e.problem, "  ")
    new = [c for c in e.cases if c["new"]]
    old = [c for c in e.cases if not c["new"]]
    out = []
    if new:
        out.append("I've passed this to the LMC advisers:")
        for c in new:
            why = case_reason(c)
            because = f": {marked(why['text'], why)} {cite(why['citation'], k.sources)}" if why else ""
            out.append(_wrap(f"{case_title(c)}{because}", "    ", "  • "))
    if old:
        out.append("Already with the advisers:")
        out += [f"  • {case_title(c)} ({STATUS_OF_CASE[c['status']]})" for c in old]
    out.append("  An adviser's reply will come to you in this conversation.")
    return "\n".join(out)


def adviser_reply_text(case: dict) -> str:
    """An adviser's reply to one of the person's cases."""
    about = f" about \"{case['question']}\"" if case.get("question") else ""
    return "\n".join([f"An LMC adviser has replied to {case_title(case)}{about}:",
                      _wrap(case.get("resolution") or "", "    ", "    ")])
