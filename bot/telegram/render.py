"""Replies as Telegram messages: HTML text (Telegram's subset) and inline keyboards.

Everything a person typed or the knowledge base holds is escaped with `html.escape`; only the tags
added here (<b>, <i>) are markup. Long replies are split at 4,096 characters on paragraph
boundaries (then lines, then hard cuts). Button data stays within Telegram's 64 bytes:
`a:<question id>:<answer>` (a choice by its index), `c:<assessment id>:<item index>` for checklist
ticks.
"""
from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.dialogue.describe import cite
from core.dialogue.parse import UNSURE
from core.dialogue.replies import Ask, Choices, Result, Say
from core.dialogue.text import CHOICES_HINT, plain, render

from .result import result_html, summary_html

LIMIT = 4096
DATA_MAX = 64
CHECKLIST_PAGE = 10     # checklist items per message (each message has its own tick buttons)
BUTTON_TEXT = 60
NONE = "none"         # the "None of these" button of a pick-any question


def split(text: str, limit: int = LIMIT, seps: tuple = ("\n\n", "\n", " ")) -> list[str]:
    """Text in pieces of at most `limit` characters, cut at blank lines, then lines, then words, then anywhere."""
    if len(text) <= limit:
        return [text]
    if not seps:
        return [text[i:i + limit] for i in range(0, len(text), limit)]
    sep, pieces, current = seps[0], [], ""
    for part in text.split(sep):
        candidate = part if not current else current + sep + part
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if len(part) > limit:
            *whole, current = split(part, limit, seps[1:])
            pieces += whole
        else:
            current = part
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def _data(*parts) -> str:
    data = ":".join(str(p) for p in parts)
    if len(data.encode()) > DATA_MAX:
        raise ValueError(f"callback data over {DATA_MAX} bytes: {data!r}")
    return data


def _clip(text: str, limit: int = BUTTON_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def keyboard(a: Ask) -> InlineKeyboardMarkup | None:
    """Buttons for a question: its options (yes / no / not sure, the models ...), then Why? and Back."""
    q, rows = a.question, []
    if q["type"] == "boolean":
        rows.append([InlineKeyboardButton("Yes", callback_data=_data("a", a.qid, "true")),
                     InlineKeyboardButton("No", callback_data=_data("a", a.qid, "false")),
                     InlineKeyboardButton("Not sure", callback_data=_data("a", a.qid, UNSURE))])
    elif q["type"] in ("choice", "choices"):
        rows += [[InlineKeyboardButton(_clip(c["label"]), callback_data=_data("a", a.qid, i))]
                 for i, c in enumerate(q["choices"])]
        if q["type"] == "choices":
            rows.append([InlineKeyboardButton("None of these", callback_data=_data("a", a.qid, NONE))])
        rows.append([InlineKeyboardButton("Not sure", callback_data=_data("a", a.qid, UNSURE))])
    rows.append([InlineKeyboardButton("Why?", callback_data=_data("a", a.qid, "why")),
                 InlineKeyboardButton("Back", callback_data=_data("a", a.qid, "back"))])
    return InlineKeyboardMarkup(rows)


def click_value(question: dict, raw: str):
    """The dialogue's value for a pressed answer button (a choice index becomes the choice's value)."""
    if question["type"] in ("choice", "choices") and raw.isdigit() and int(raw) < len(question["choices"]):
        value = question["choices"][int(raw)]["value"]
        return [value] if question["type"] == "choices" else value
    if question["type"] == "choices" and raw == NONE:
        return []
    return raw


def ask_html(a: Ask) -> str:
    """A question: the answer just read back, any problem, the prompt in bold, help, how to answer."""
    q, lines = a.question, []
    if a.ack:
        lines.append(f"✓ {escape(a.ack)}")
    if a.note:
        lines.append(f"⚠️ {escape(plain(a.note))}")
    more = f", about {a.remaining} more after this" if a.remaining else ", the last one for now"
    lines.append(f"<i>Question {a.number}{more}</i>")
    lines.append(f"<b>{escape(q['prompt'])}</b>")
    if q.get("help"):
        lines.append(escape(q["help"]))
    if a.aside:
        lines.append(f"📅 {escape(a.aside)}")
    hint = {"integer": "Type a number, for example “about 42k”.",
            "date": "Type a date, for example “1 July 2019”.",
            "practices": "One practice a line: name, ODS code, list size.",
            "choices": "Press the one that matters most, or " + CHOICES_HINT[0].lower() + CHOICES_HINT[1:]}.get(q["type"])
    if hint:
        lines.append(f"<i>{escape(hint)}</i>")
    if a.previous:
        lines.append(f"(Your answer was: {escape(str(a.previous))})")
    return "\n".join(lines)


def messages(replies: list, k) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """(HTML text, keyboard) for each message a turn's replies become, in order."""
    out = []
    for r in replies:
        if isinstance(r, Ask):
            out.append((ask_html(r), keyboard(r)))
            continue
        if isinstance(r, Result):
            out += [(piece, None) for piece in split(result_html(r, k)) + split(summary_html(r, k))]
            continue
        text = escape(plain(r.text) if isinstance(r, Say) else render([r], k))
        if isinstance(r, Choices):
            text += "\n\n<i>Type change and a number or a name, for example “change 1”.</i>"
        out += [(piece, None) for piece in split(text)]
    return out


def checklist_pages(assessment_id: str, items: list[dict], k) -> list[tuple[str, InlineKeyboardMarkup]]:
    """The checklist as messages of up to ten items, each item a tick button showing its saved state."""
    pages = []
    for start in range(0, len(items), CHECKLIST_PAGE):
        pages.append(checklist_page(assessment_id, items, start // CHECKLIST_PAGE, k))
    return pages


def checklist_page(assessment_id: str, items: list[dict], page: int, k) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the checklist (text and buttons), as first sent and after each tick."""
    start = page * CHECKLIST_PAGE
    shown = items[start:start + CHECKLIST_PAGE]
    done = sum(1 for i in items if i.get("done"))
    pages = (len(items) + CHECKLIST_PAGE - 1) // CHECKLIST_PAGE
    lines = [f"<b>Setup checklist</b> ({done} of {len(items)} done; part {page + 1} of {pages})"]
    rows = []
    for n, item in enumerate(shown, start):
        box = "✅" if item.get("done") else "⬜"
        lines.append(f"{box} {n + 1}. {escape(item['text'])} <i>{escape(cite(item.get('citation'), k.sources))}</i>")
        rows.append([InlineKeyboardButton(f"{box} {n + 1}. {_clip(item['text'], 50)}",
                                          callback_data=_data("c", assessment_id, n))])
    text = "\n".join(lines)
    return (split(text)[0] if len(text) > LIMIT else text), InlineKeyboardMarkup(rows)
