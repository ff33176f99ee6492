"""Block Kit for the practice's side of advice: cited answers, escalations and advisers' replies.

An answer lists the guidance notes and source passages on the topic, each with its citation, then
the rules and checklist items that touch it, and an *Ask an LMC adviser* button; an answer with
nothing found says so and offers the same button. A result whose flags need professional advice
gets the button too (see `result.py`).
"""
from __future__ import annotations

from core.dialogue.describe import (
    DISAGREEMENTS_TITLE,
    STATUS_OF_CASE,
    case_reason,
    case_title,
    cite,
    definition_line,
    disagreement_lines,
    marked,
)
from core.dialogue.replies import Escalated
from core.dialogue.text import excerpt, linked

from .blocks import MAX_BLOCKS, button, cited, clip, context, esc, lines_sections, section

ESCALATE_ACTION = "pcn_escalate"
QUESTION_IN_BUTTON = 300    # a button's value holds 2,000 characters; JSON escapes can take six per character


def escalate_button(question: str | None = None, assessment_id: str | None = None) -> dict:
    """*Ask an LMC adviser*, about a question or an assessment."""
    value = {"q": question[:QUESTION_IN_BUTTON]} if question else {"a": assessment_id}
    return {"type": "actions", "block_id": "escalate",
            "elements": [button("Ask an LMC adviser", f"{ESCALATE_ACTION}:0", value, "primary")]}


def answer_message(a: dict, k) -> dict:
    """A free-text answer as one message, every point cited."""
    src = k.sources
    blocks = [section(f"*Q:* {esc(a['question'])}")]
    if not a["found"]:
        blocks.append(section(f":mag: {esc(a['message'])}"))
        blocks.append(escalate_button(a["question"]))
        return {"text": a["message"], "blocks": blocks}
    for d in a.get("definitions") or []:
        blocks.append(section(cited(definition_line(d), d["citation"], src) if d["citation"]
                              else f"{esc(definition_line(d))} _(our words)_"))
    if a["guidance"]:
        blocks.append(section("*From our guidance notes*"))
        blocks += [section(f"• {cited(g['text'], g['citation'], src)}") for g in a["guidance"]]
    if a["sources"]:
        blocks.append(section("*From the source documents*"))
        blocks += [section(f"• *{esc(p['title'])}*: {cited(excerpt(p['text']), p['citation'], src)}")
                   for p in a["sources"]]
    disputes = disagreement_lines(a.get("disagreements"), src)
    if disputes:
        blocks += lines_sections(f":scales: *{DISAGREEMENTS_TITLE}*", [f"• {esc(line)}" for line in disputes])
    rules, items = linked(a)
    lines = [f"• {cited(r['description'], r['citation'], src)}" for r in rules]
    lines += [f"• :ballot_box_with_check: {cited(i['text'], i['citation'], src)}" for i in items]
    if lines:
        blocks.append(context(clip("*Rules and checklist items that touch this*\n" + "\n".join(lines), 2000)))
    blocks.append(context("Not what you needed? An LMC adviser can help."))
    blocks.append(escalate_button(a["question"]))
    first = (a["guidance"] or a["sources"])[0]
    return {"text": clip(f"{first['text']} {cite(first['citation'], src)}", 3000), "blocks": blocks[:MAX_BLOCKS]}


def escalated_message(e: Escalated, k) -> dict:
    """What an escalation did: new cases with why they got their priority, and those already open."""
    if e.problem:
        return {"text": e.problem, "blocks": [section(f":warning: {esc(e.problem)}")]}
    new = [c for c in e.cases if c["new"]]
    old = [c for c in e.cases if not c["new"]]
    blocks = []
    if new:
        lines = []
        for c in new:
            why = case_reason(c)
            lines.append(f"• *{esc(case_title(c))}*" + (f": {cited(marked(why['text'], why), why['citation'], k.sources)}" if why else ""))
        blocks.append(section(":raising_hand: I've passed this to the LMC advisers:\n" + "\n".join(lines)))
    if old:
        blocks.append(section("Already with the advisers:\n" + "\n".join(
            f"• *{esc(case_title(c))}* ({STATUS_OF_CASE[c['status']]})" for c in old)))
    blocks.append(context("An adviser's reply will come to you here."))
    text = f"Passed to the LMC advisers: {', '.join(case_title(c) for c in new)}" if new else "Already with the advisers"
    return {"text": text, "blocks": blocks}


def adviser_reply_message(case: dict) -> dict:
    """An adviser's reply to one of the practice's cases."""
    about = f" about “{esc(case['question'])}”" if case.get("question") else ""
    head = f":speech_balloon: *An LMC adviser has replied to {esc(case_title(case))}*{about}"
    return {"text": clip(f"An LMC adviser replied: {case.get('resolution') or ''}", 3000),
            "blocks": [section(head), section(esc(case.get("resolution") or "")),
                       context("Type *adviser* if you need more help.")]}
