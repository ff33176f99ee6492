"""Plain-text rendering of replies, for the terminal chat (and as Slack's notification fallback).

Every point of the result carries its citation: eligibility reasons, model reasons, flags, funding
streams and checklist items; so does every point of a free-text answer and of a triage case.
"""
from __future__ import annotations

import re
import textwrap

from .describe import (
    DISAGREEMENTS_TITLE,
    JUDGEMENT_NOTE,
    RATING_TEXT,
    SEVERITY_TEXT,
    STATUS_OF_CASE,
    STATUS_TEXT,
    case_reason,
    case_title,
    cite,
    coverage_note,
    definition_line,
    disagreement_lines,
    funding_rows,
    marked,
    models_text,
    near_miss_lines,
    ranking_note,
    refine_offer,
    score_text,
    survey_lines,
    undecided_note,
    what_if_lines,
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
    """The whole assessment: eligibility, models, flags, funding, checklist, and what is uncertain."""
    a = r.assessment
    src = k.sources
    out = [f"=== Your PCN assessment (as of {a['as_of']}, contract year {a['contract_year']}) ===", ""]
    coverage = coverage_note(a)
    if coverage:
        out += [_wrap(f"NOTE ON DATES: {coverage}"), ""]
    undecided = undecided_note(r.undecided, k.questions)
    if undecided:
        out += [_wrap(plain(undecided)), ""]
    e = a["eligibility"]
    out.append(f"ELIGIBILITY: {STATUS_TEXT[e['status']]}")
    for reason in e["reasons"]:
        out.append(_wrap(f"{marked(reason['text'], reason)} {cite(reason['citation'], src)}", "    ", "  • "))
    out += ["", "OPERATING MODELS (recommended first)"]
    for m in a["models"]:
        mark = "  <- recommended" if m["recommended"] else "  (your choice)" if m["chosen"] else ""
        out.append(f"  {m['rank']}. {m['name']}: {RATING_TEXT[m['rating']]} ({score_text(m)}){mark}")
        for reason in m["reasons"]:
            out.append(_wrap(f"{reason['score']:+d} {reason['text']} {cite(reason['citation'], src)}", "         ", "       "))
        for f in m["flags"]:
            out.append(_wrap(f"{SEVERITY_TEXT[f['severity']]}: {marked(f['message'], f)} {cite(f['citation'], src)}",
                             "         ", "       ! "))
    out += ["", "HOW THE RANKING WORKS", _wrap(ranking_note(a), "    ", "  ")]
    survey = survey_lines(a, k.models, src)
    if survey:
        out += ["", "WHAT NETWORKS CHOSE (BMA clinical director survey)"]
        out += [_wrap(line, "    ", "  • ") for line in survey]
    near = near_miss_lines(a, src)
    if near:
        out += ["", "CLOSE CALLS"]
        out += [_wrap(line, "    ", "  • ") for line in near]
    network = [f for f in a["flags"] if f["model"] is None]
    if network:
        out += ["", "RISK FLAGS FOR THE WHOLE NETWORK"]
        for f in network:
            advice = " Take professional advice (the LMC can help)." if f.get("advice") else ""
            out.append(_wrap(f"[{SEVERITY_TEXT[f['severity']]}] {marked(f['message'], f)}{advice} {cite(f['citation'], src)}",
                             "    ", "  • "))
    out += ["", f"FUNDING ESTIMATE ({a['contract_year']})"]
    out += funding_lines(a["funding"], k, a.get("duties"))
    disputes = disagreement_lines(a.get("disagreements"), src)
    if disputes:
        out += ["", DISAGREEMENTS_TITLE.upper()]
        out += [_wrap(line, "    ", "  • ") for line in disputes]
    out += ["", _wrap(JUDGEMENT_NOTE)]
    if a["checklist"]:
        out += ["", "SETUP CHECKLIST"]
        for item in a["checklist"]:
            out.append(_wrap(f"[ ] {item['text']} {cite(item['citation'], src)}", "      ", "  "))
    if r.unsure:
        out += ["", "WHAT DEPENDS ON YOUR \"NOT SURE\" ANSWERS"]
        for u in r.unsure:
            out.append(_wrap(u["prompt"], "    ", "  • "))
            for d in u["depends"][:6] or [{"text": "Nothing else in the assessment depends on it.", "citation": None,
                                            "models": []}]:
                scope = f" ({models_text(d['models'], k.models)})" if d["models"] else ""
                out.append(_wrap(f"{d['text']}{scope} {cite(d['citation'], src)}", "        ", "      - "))
    offer = refine_offer(r.topics)
    if offer:
        out += ["", _wrap(plain(offer))]
    return "\n".join(out) + "\n"


def what_if_text(w: WhatIf, k) -> str:
    """What would change with the answers tried, or why they could not be tried."""
    if w.problem:
        return _wrap(plain(w.problem))
    tried = "; ".join(f"{c['prompt']} -> {c['answer']}" for c in w.changes)
    out = [_wrap(f"WHAT IF: {tried}"), *[_wrap(line, "    ", "  • ") for line in what_if_lines(w.diff, k)],
           _wrap("Nothing has been saved: your answers are as they were.", "  ")]
    return "\n".join(out)


def funding_lines(fund: dict, k, duties: list | None = None) -> list[str]:
    """One line per funding stream, then per duty: amount, how it is worked out (or why unknown), citation."""
    return [_wrap(f"{label}: {amount}" + (f" ({why})" if why else "") + f" {cite(c, k.sources)}".rstrip(), "      ", "  ")
            for label, amount, why, c in funding_rows(fund, k.funding, duties)]


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
