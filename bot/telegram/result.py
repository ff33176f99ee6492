"""The assessment as Telegram messages: short sections in Telegram's HTML subset, for a phone screen.

The result is the outline (core.outline), the same sections and points as every other channel:
the advice first, then each section under a bold title, every point with its status word and its
citation in italics. Sections are separated by blank lines, so splitting at 4,096 characters never
cuts a tag in two. All text is escaped.
"""
from __future__ import annotations

from html import escape

from core.dialogue.describe import cite, marked
from core.dialogue.replies import Result
from core.outline import outline, status_label
from core.outline.summary import brief, summary
from core.outline.summary import point_text as summary_point

WHAT_IF_HINT = "Send <i>/whatif</i> and a change to see what it would alter."


def point_html(it: dict, sources: dict) -> str:
    """One point: status mark and word, bold label, points, text (marked when judgement), citation."""
    parts = []
    if it.get("status"):
        parts.append(escape(status_label(it["status"])) + ":")
    if it.get("label"):
        parts.append(f"<b>{escape(it['label'])}:</b>")
    if it.get("points") is not None and not it.get("children"):
        parts.append(f"{it['points']:+d}")
    parts.append(escape(marked(it["text"], it)))
    source = cite(it.get("citation"), sources)
    if source:
        parts.append(f"<i>{escape(source)}</i>")
    return " ".join(parts)


def section_html(s: dict, sources: dict) -> str:
    """One outline section: its title, intro and points (children indented)."""
    lines = [f"<b>{escape(s['title'])}</b>"] + ([escape(s["intro"])] if s.get("intro") else [])
    for it in s["items"]:
        lines.append(f"• {point_html(it, sources)}")
        lines += [f"  – {point_html(c, sources)}" for c in it.get("children") or []]
    return "\n".join(lines)


def result_html(r: Result, k) -> str:
    """The whole result, as HTML sections separated by blank lines."""
    o = outline(r.assessment, k, unsure=r.unsure, undecided=r.undecided, topics=r.topics,
                assessment_id=r.assessment_id)
    a, d = r.assessment, o["decision"]
    saved = f" · saved as <code>{escape(str(r.assessment_id))}</code>" if r.assessment_id else ""
    sure = f"\n<i>{escape(d['confidence_text'])}</i>" if d.get("confidence_text") else ""
    parts = [f"<b>Your PCN assessment</b>\n<i>As of {escape(a['as_of'])} · contract year "
             f"{escape(a['contract_year'])}</i>{saved}", f"🧭 <b>{escape(d['headline'])}</b>{sure}"]
    # the checklist follows as its own messages, with tick buttons
    parts += [section_html(s, k.sources) for s in o["sections"] if s["id"] != "checklist"]
    if any(s["id"] == "refine" for s in o["sections"]):
        parts.append(WHAT_IF_HINT)
    return "\n\n".join(parts)


def summary_html(r: Result, k) -> str:
    """The short summary for partners, sent after the result: the advice, the first points of why,
    risks and next steps, and the link to the full summary (and its PDF) when the web pages have a
    public address."""
    o = outline(r.assessment, k, unsure=r.unsure, undecided=r.undecided, assessment_id=r.assessment_id)
    b = brief(summary(o, k))
    d = b["decision"]
    lines = [f"📄 <b>{escape(b['title'])}</b>", escape(d["headline"])]
    if d.get("confidence_text"):
        lines.append(f"<i>{escape(d['confidence_text'])}</i>")
    for title, points, more in b["parts"]:
        lines.append(f"\n<b>{escape(title)}</b>")
        lines += [f"• {escape(summary_point(p, numbered=False))}" for p in points]
        if more:
            lines.append(f"• <i>and {more} more</i>")
    if b["link"]:
        lines.append(f"\nThe full summary, to print or save as PDF: {escape(b['link'])}")
    return "\n".join(lines)
