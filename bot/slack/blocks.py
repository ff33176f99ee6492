"""Block Kit messages for the dialogue's replies: questions with buttons, explanations, notices.

Each function returns a message as `{"text": fallback, "blocks": [...]}` (the fallback is what
notifications and screen readers show: plain text, escaped by `fallback` where it is posted). Text a
person typed or the knowledge holds goes into mrkdwn through `esc` (&, < and >), so `<!channel>`
or `<https://evil.example|Log in>` typed by someone is shown, never acted on. Slack's limits are respected here: 3,000 characters per
section, 75 per button label, 50 blocks per message. The result and checklist live in `result.py`.
"""
from __future__ import annotations

import json

from core.dialogue.describe import cite, marked, models_text
from core.dialogue.parse import UNSURE
from core.dialogue.replies import Ask, Choices, Explain, Say, WhatIf
from core.dialogue.text import CHOICES_HINT, SHOWN_RULES
from core.outline.changes import changes
from core.outline.words import status_text

SECTION_MAX = 3000
BUTTON_MAX = 75
MAX_BLOCKS = 50
MAX_BUTTON_CHOICES = 5      # more options than this go in a select menu
ANSWER_ACTION = "pcn_answer"  # every answer control's action_id starts with this


def esc(text: str) -> str:
    """Text safe for mrkdwn: &, < and > escaped as Slack asks."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fallback(text: str) -> str:
    """A message's plain fallback text as Slack takes it (mrkdwn, mentions included): escaped, clipped."""
    return clip(esc(text), 3000)


def clip(text: str, limit: int) -> str:
    """Text cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def section(text: str) -> dict:
    """A mrkdwn section block."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_MAX)}}


def context(text: str) -> dict:
    """A small-print context block."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 2000)}]}


def header(text: str) -> dict:
    """A header block."""
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, 150), "emoji": True}}


def cited(text: str, citation, sources) -> str:
    """A point with its citation in italics."""
    c = cite(citation, sources)
    return f"{esc(text)} _{esc(c)}_" if c else esc(text)


def lines_sections(title: str, lines: list[str]) -> list[dict]:
    """A titled list spread over as many sections as the 3,000-character limit needs."""
    out, chunk = [], [title]
    for line in lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > 2900:
            out.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(clip(line, 2900))
    out.append(section("\n".join(chunk)))
    return out


def button(label: str, action_id: str, value: dict, style: str | None = None) -> dict:
    """A button whose value carries the question id and the answer as JSON."""
    b = {"type": "button", "text": {"type": "plain_text", "text": clip(label, BUTTON_MAX), "emoji": True},
         "action_id": action_id, "value": json.dumps(value, separators=(",", ":"))}
    if style:
        b["style"] = style
    return b


def answer_value(action: dict) -> tuple[str | None, object]:
    """(question id, answer) from a clicked button, chosen option or picked date."""
    if action.get("type") == "datepicker":
        qid = action.get("block_id", "").partition(":")[2] or None
        return qid, action.get("selected_date")
    data = button_data(action.get("value") or (action.get("selected_option") or {}).get("value"))
    return data.get("q"), data.get("v")


def button_data(raw: str | None) -> dict:
    """The JSON object a button or option of ours carries as its value ({} for anything else)."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def question(a: Ask) -> dict:
    """A question: progress, prompt, help, and controls for its type (typed replies for numbers)."""
    q = a.question
    blocks = []
    if a.ack:
        blocks.append(context(f":white_check_mark: Got it: *{esc(a.ack)}*"))
    if a.note:
        blocks.append(section(f":warning: {esc(a.note)}"))
    more = f"about {a.remaining} more after this" if a.remaining else "the last one for now"
    blocks.append(context(f"Question {a.number} · {more}"))
    blocks.append(section(f"*{esc(q['prompt'])}*"))
    if q.get("help"):
        blocks.append(context(esc(q["help"])))
    if a.aside:
        blocks.append(context(f":calendar: {esc(a.aside)}"))
    if a.previous:
        blocks.append(context(f"Your answer was: {esc(a.previous)}"))
    n = iter(range(100))
    elements = []
    kind = q["type"]
    if kind == "boolean":
        elements += [button("Yes", f"{ANSWER_ACTION}:{next(n)}", {"q": a.qid, "v": "true"}, "primary"),
                     button("No", f"{ANSWER_ACTION}:{next(n)}", {"q": a.qid, "v": "false"})]
    elif kind == "choice" and len(q["choices"]) <= MAX_BUTTON_CHOICES:
        elements += [button(c["label"], f"{ANSWER_ACTION}:{next(n)}", {"q": a.qid, "v": c["value"]})
                     for c in q["choices"]]
    elif kind == "choice":
        elements.append({"type": "static_select", "action_id": f"{ANSWER_ACTION}:{next(n)}",
                         "placeholder": {"type": "plain_text", "text": "Choose one"},
                         "options": [{"text": {"type": "plain_text", "text": clip(c["label"], 75)},
                                      "value": json.dumps({"q": a.qid, "v": c["value"]})} for c in q["choices"][:100]]})
    elif kind == "choices":
        elements += [button(c["label"], f"{ANSWER_ACTION}:{next(n)}", {"q": a.qid, "v": [c["value"]]})
                     for c in q["choices"][:MAX_BUTTON_CHOICES]]
        elements.append(button("None of these", f"{ANSWER_ACTION}:{next(n)}", {"q": a.qid, "v": []}))
        blocks.append(context(esc("Pick the one that matters most, or " + CHOICES_HINT[0].lower() + CHOICES_HINT[1:])))
    elif kind == "date":
        elements.append({"type": "datepicker", "action_id": f"{ANSWER_ACTION}:{next(n)}",
                         "placeholder": {"type": "plain_text", "text": "Pick a date"}})
        blocks.append(context("Pick a date, or type one as a reply (for example \"1 July 2019\" or \"2019/20\")."))
    else:
        example = {"integer": "for example \"about 42k\"",
                   "practices": "one practice a line: name, ODS code, list size"}.get(kind, "")
        blocks.append(context(f":keyboard: Type your answer as a reply ({example})."))
    elements += [button("Not sure", f"{ANSWER_ACTION}:{next(n)}", {"q": a.qid, "v": UNSURE}),
                 button("Why?", f"{ANSWER_ACTION}:{next(n)}", {"q": a.qid, "v": "why"}),
                 button("Back", f"{ANSWER_ACTION}:{next(n)}", {"q": a.qid, "v": "back"})]
    blocks.append({"type": "actions", "block_id": f"answer:{a.qid}", "elements": elements})
    return {"text": q["prompt"], "blocks": blocks}


def answered(message_blocks: list, answer: str) -> list:
    """A question message's blocks with its controls replaced by the answer given (so old buttons go)."""
    kept = [b for b in message_blocks or [] if b.get("type") != "actions"]
    return kept + [context(f":white_check_mark: You answered: *{esc(answer)}*")]


SEVERITY_ICON = {"blocker": ":no_entry:", "warning": ":warning:", "info": ":information_source:"}
STATUS_ICON = {"good": ":white_check_mark:", "risk": ":warning:", "unknown": ":grey_question:", "advised": ":star:",
               "chosen": ":round_pushpin:", "not_applicable": ":x:", "todo": ":white_square:",
               "done": ":ballot_box_with_check:", "better": ":arrow_up:", "worse": ":arrow_down:",
               "changed": ":arrows_counterclockwise:", **SEVERITY_ICON}


def point(it: dict, src: dict) -> str:
    """One point of the outline in mrkdwn: status icon and word, label, points, text, citation."""
    parts = []
    if it.get("status"):
        parts.append(f"{STATUS_ICON.get(it['status'], '')} *{status_text(it['status'])}*".strip())
    if it.get("label"):
        parts.append(f"*{esc(it['label'])}:*")
    if it.get("points") is not None and not it.get("children"):
        parts.append(f"{'+' if it['points'] >= 0 else '−'}{abs(it['points'])}")
    parts.append(cited(marked(it["text"], it), it.get("citation"), src))
    return " ".join(parts)


def say(s: Say) -> dict:
    """A notice, a problem with an answer, or the help text."""
    icon = {"problem": ":warning: ", "notice": ":information_source: "}.get(s.kind, "")
    return {"text": s.text, "blocks": [section(icon + esc(s.text))]}


def what_if(w: WhatIf, k) -> dict:
    """What would change with the answers tried (nothing saved): the headline and its points, then
    each kind of change; or why they could not be tried."""
    if w.problem:
        return {"text": w.problem, "blocks": [section(f":warning: {esc(w.problem)}")]}
    c = changes(w.diff, k)
    tried = "; ".join(f"{x['prompt']} → *{esc(x['answer'])}*" for x in w.changes)
    lines = [f"*{esc(c['headline'])}*"] + [f"• {point(it, k.sources)}" for it in c["summary"]]
    blocks = [section(clip(f"*What if:* {tried}\n" + "\n".join(lines), 2900))]
    for s in c["sections"]:
        if s["id"] != "answers":
            blocks += lines_sections(f"*{esc(s['title'])}*", [f"• {point(it, k.sources)}" for it in s["items"]])
    if c["nothing"]:
        blocks.append(section("Nothing else in the assessment changes."))
    blocks.append(context("Nothing has been saved: your answers are as they were."))
    return {"text": "What if: " + "; ".join(x["answer"] for x in w.changes) + f". {c['headline']}",
            "blocks": blocks[:MAX_BLOCKS]}


def explain(e: Explain, k) -> dict:
    """Why a question matters, with the rules that read it and their citations."""
    blocks = [section(f"*Why we ask:* {esc(e.prompt)}\n{cited(e.why, e.citation, k.sources)}")]
    live = [r for r in e.rules if r["live"]]
    lines = [f"• {cited(marked(r['text'], r), r['citation'], k.sources)} ({esc(models_text(r['models'], k.models))})"
             for r in live[:SHOWN_RULES]]
    if len(live) > SHOWN_RULES:
        lines.append(f"• and {len(live) - SHOWN_RULES} more")
    if lines:
        blocks.append(section("*Rules that use your answer:*\n" + "\n".join(lines)))
    gone = len(e.rules) - len(live)
    if gone:
        blocks.append(context(f"{gone} other rule{'s' if gone != 1 else ''} read it but cannot apply with "
                              "your answers so far."))
    return {"text": f"Why we ask: {e.prompt}", "blocks": blocks[:MAX_BLOCKS]}


def choices(c: Choices) -> dict:
    """The answers given so far, numbered, for "change"."""
    lines = [f"{i}. {esc(item['prompt'])} → *{esc(item['answer'])}*" for i, item in enumerate(c.items, 1)]
    blocks, chunk = [], []
    for line in lines:   # several sections when the list is long
        if sum(len(x) + 1 for x in chunk) + len(line) > SECTION_MAX - 100:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    blocks.append(context("Type *change* and a number or a name, for example \"change 2\" or \"change population\"."))
    return {"text": "Your answers so far", "blocks": [section("*Your answers so far*")] + blocks[:MAX_BLOCKS - 1]}
