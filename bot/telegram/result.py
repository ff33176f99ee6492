"""The assessment as Telegram messages: short sections in Telegram's HTML subset, for a phone screen.

Coverage comes first when the date is beyond the sources' years, then eligibility, the five models
compared (the recommended or chosen one first, with its reasons and risks), how the ranking works,
close calls, flags for the whole network, funding, what depends on each "not sure" answer and the
offer to refine. Every point carries its citation in italics. Sections are separated by blank
lines, so splitting at 4,096 characters never cuts a tag in two. All text is escaped.
"""
from __future__ import annotations

from html import escape

from core.dialogue.describe import (
    DISAGREEMENTS_TITLE,
    JUDGEMENT_NOTE,
    RATING_TEXT,
    SEVERITY_TEXT,
    STATUS_TEXT,
    cite,
    coverage_note,
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
)
from core.dialogue.replies import Result
from core.dialogue.text import plain

ICON = {"blocker": "⛔", "warning": "⚠️", "info": "ℹ️"}


def _cited(text: str, citation, sources, point: dict | None = None) -> str:
    """A point, marked when it is this tool's judgement, with its citation in italics."""
    source = cite(citation, sources)
    return escape(marked(text, point or {})) + (f" <i>{escape(source)}</i>" if source else "")


def result_html(r: Result, k) -> str:
    """The whole result, as HTML sections separated by blank lines."""
    a, src = r.assessment, k.sources
    saved = f" · saved as <code>{escape(str(r.assessment_id))}</code>" if r.assessment_id else ""
    parts = [f"<b>Your PCN assessment</b>\n<i>As of {escape(a['as_of'])} · contract year "
             f"{escape(a['contract_year'])}</i>{saved}"]
    coverage = coverage_note(a)
    if coverage:
        parts.append(f"📅 <b>Dates beyond the guidance:</b> {escape(coverage)}")
    undecided = undecided_note(r.undecided, k.questions)
    if undecided:
        parts.append(f"⏳ {escape(plain(undecided))}")
    e = a["eligibility"]
    parts.append(f"<b>Eligibility: {escape(STATUS_TEXT[e['status']])}</b>\n" +
                 "\n".join(f"• {_cited(x['text'], x['citation'], src, x)}" for x in e["reasons"]))
    for m in a["models"]:
        mark = " ⭐ <b>recommended</b>" if m["recommended"] else " · your choice" if m["chosen"] else ""
        lines = [f"{m['rank']}. <b>{escape(m['name'])}</b>: {RATING_TEXT[m['rating']]} ({escape(score_text(m))}){mark}"]
        if m["recommended"] or m["chosen"]:
            lines += [f"  {x['score']:+d} {_cited(x['text'], x['citation'], src)}" for x in m["reasons"]]
            lines += [f"  {ICON[f['severity']]} {_cited(f['message'], f['citation'], src, f)}" for f in m["flags"]
                      if f["severity"] != "info"]
        parts.append("\n".join(lines))
    parts.append("<b>How the models are ranked</b>\n" + escape(ranking_note(a)) + "".join(
        f"\n• {escape(line)}" for line in survey_lines(a, k.models, src)))
    near = near_miss_lines(a, src)
    if near:
        parts.append("<b>Close calls</b>\n" + "\n".join(f"• {escape(line)}" for line in near))
    network = [f for f in a["flags"] if f["model"] is None]
    if network:
        parts.append("<b>Risk flags for the whole network</b>\n" + "\n".join(
            f"{ICON[f['severity']]} <b>{SEVERITY_TEXT[f['severity']]}:</b> {_cited(f['message'], f['citation'], src, f)}"
            for f in network))
    parts.append(f"<b>Funding estimate ({escape(a['contract_year'])})</b>\n" + "\n".join(
        f"• <b>{escape(label)}:</b> {escape(amount)}" + (f" ({escape(why)})" if why else "") +
        (f" <i>{escape(cite(c, src))}</i>" if c else "") for label, amount, why, c in funding_rows(a["funding"], k.funding, a.get("duties"), a.get("as_of"))))
    disputes = disagreement_lines(a.get("disagreements"), src)
    if disputes:
        parts.append(f"⚖️ <b>{DISAGREEMENTS_TITLE}</b>\n" + "\n".join(f"• {escape(line)}" for line in disputes))
    parts.append(f"<i>{escape(JUDGEMENT_NOTE)}</i>")
    if r.unsure:
        lines = ["<b>What depends on your “not sure” answers</b>"]
        for u in r.unsure:
            lines.append(f"• {escape(u['prompt'])}")
            lines += [f"  – {_cited(d['text'], d['citation'], src)} ({escape(models_text(d['models'], k.models))})"
                      for d in u["depends"][:6]] or ["  – Nothing else in the assessment depends on it."]
        parts.append("\n".join(lines))
    offer = refine_offer(r.topics)
    if offer:
        parts.append("🔎 " + escape(plain(offer)) + "\nSend <i>/whatif</i> and a change to see what it would alter.")
    return "\n\n".join(parts)
