"""Block Kit for the finished assessment, its checklist (with saved checkboxes) and the App Home.

The result is the outline (core.outline) in mrkdwn: the advice first, then each section with every
point's status word and citation; the checklist is left to its own message.
The checklist is a separate message: one section per item with a "Done" checkbox whose block id
names the assessment and the item, so a tick can be saved without any other state.
"""
from __future__ import annotations

from core.dialogue.describe import STATUS_TEXT
from core.dialogue.replies import Result
from core.outline import outline
from core.outline.summary import brief, summary
from core.outline.summary import point_text as summary_point
from core.triage.opening import advice_flags

from .advice import escalate_button
from .blocks import MAX_BLOCKS, button, cited, clip, context, esc, header, lines_sections, point, section

CHECK_ACTION = "pcn_check"
CHECK_BLOCK = "chk"
HOME_START = "pcn_home_start"
HOME_CHECKLIST = "pcn_home_checklist"
def split(blocks: list, text: str) -> list[dict]:
    """Messages of at most 50 blocks each, all with the same fallback text."""
    return [{"text": text, "blocks": blocks[i:i + MAX_BLOCKS]} for i in range(0, len(blocks), MAX_BLOCKS)] or \
        [{"text": text, "blocks": [section(esc(text))]}]


#: Sections shown elsewhere in Slack: the checklist comes as its own message, with checkboxes.
ELSEWHERE = {"checklist"}


def section_blocks(s: dict, src: dict) -> list[dict]:
    """One outline section as sections of lines (children indented)."""
    lines = [esc(s["intro"])] if s.get("intro") else []
    for it in s["items"]:
        lines.append(f"• {point(it, src)}")
        lines += [f"    ◦ {point(c, src)}" for c in it.get("children") or []]
    return lines_sections(f"*{esc(s['title'])}*", lines)


def result_messages(r: Result, k) -> list[dict]:
    """The assessment as one or more messages, formatted from the result's outline."""
    o = outline(r.assessment, k, unsure=r.unsure, undecided=r.undecided, topics=r.topics,
                assessment_id=r.assessment_id)
    a, src, d = r.assessment, k.sources, o["decision"]
    summary = f"Your PCN assessment: {d['headline']}"
    saved = f" · saved as `{r.assessment_id}`" if r.assessment_id else ""
    sure = f"\n_{esc(d['confidence_text'])}_" if d.get("confidence_text") else ""
    blocks = [header("Your PCN assessment"),
              context(f"As of {a['as_of']} · contract year {a['contract_year']} · rules {a['rules_version']}{saved}"),
              section(f":compass: *{esc(d['headline'])}*{sure}")]
    for s in o["sections"]:
        if s["id"] in ELSEWHERE:
            continue
        if s["id"] in ("comparison", "funding", "how_decided", "next_steps"):
            blocks.append({"type": "divider"})
        blocks += section_blocks(s, src)
    advice = advice_flags(a)
    if advice and r.assessment_id:
        blocks += [{"type": "divider"},
                   section(f":raising_hand: {len(advice)} point{'s' if len(advice) != 1 else ''} above need professional "
                           "advice. An LMC adviser can help: they will see this assessment."),
                   escalate_button(assessment_id=r.assessment_id)]
    blocks.append(context("Your setup checklist follows. Type *what if <change>* to try another answer, *change "
                          "<question>* to revise one, or *restart* to begin again."))
    return split(blocks, summary)


def summary_message(r: Result, k) -> dict:
    """The short summary for partners, sent after the result: the advice, the first points of why,
    risks and next steps, and the link to the full summary (and its PDF) when the web pages have a
    public address."""
    o = outline(r.assessment, k, unsure=r.unsure, undecided=r.undecided, assessment_id=r.assessment_id)
    b = brief(summary(o, k))
    d = b["decision"]
    lines = [f"*{esc(b['title'])}*", esc(d["headline"])] + ([f"_{esc(d['confidence_text'])}_"]
                                                           if d.get("confidence_text") else [])
    for title, points, more in b["parts"]:
        lines.append(f"*{esc(title)}*")
        lines += [f"• {esc(summary_point(p, numbered=False))}" for p in points]
        if more:
            lines.append(f"• _and {more} more_")
    if b["link"]:
        lines.append(f":page_facing_up: <{b['link']}|The full summary for partners, to print or save as PDF>")
    return {"text": f"{b['title']}: {d['headline']}", "blocks": lines_sections(lines[0], lines[1:])}


def checklist_messages(assessment_id: str, items: list[dict], k) -> list[dict]:
    """The checklist with a "Done" checkbox per item, ticked where saved as done."""
    done = sum(1 for i in items if i.get("done"))
    blocks = [header("Setup checklist"),
              context(f"{done} of {len(items)} done · tick items as you go: your ticks are saved with assessment "
                      f"`{assessment_id}`.")]
    if not items:
        blocks.append(section("Nothing to set up was found for these answers."))
    for n, item in enumerate(items):
        option = {"text": {"type": "mrkdwn", "text": "Done"}, "value": item["id"]}
        box = {"type": "checkboxes", "action_id": f"{CHECK_ACTION}:{n}", "options": [option]}
        if item.get("done"):
            box["initial_options"] = [option]
        blocks.append({"type": "section", "block_id": clip(f"{CHECK_BLOCK}:{assessment_id}:{item['id']}", 255),
                       "text": {"type": "mrkdwn", "text": clip(f"*{esc(item['category'].replace('_', ' ').capitalize())}* · "
                                                               + cited(item["text"], item["citation"], k.sources), 3000)},
                       "accessory": box})
    return split(blocks, f"Setup checklist ({done} of {len(items)} done)")


def checked(action: dict) -> tuple[str, str, bool] | None:
    """(assessment id, item id, done) from a checkbox action, or None if it is not one of ours."""
    prefix, _, rest = (action.get("block_id") or "").partition(":")
    assessment_id, _, item_id = rest.partition(":")
    if prefix != CHECK_BLOCK or not assessment_id or not item_id:
        return None
    return assessment_id, item_id, bool(action.get("selected_options"))


def home_view(rows: list) -> dict:
    """The App Home: a start button and the person's saved assessments, newest first."""
    blocks = [header("PCN Advisor"),
              section("Answer a few questions and get a cited assessment of which structure suits your Primary "
                      "Care Network: eligibility, the five operating models compared, risks, funding and a setup "
                      "checklist."),
              {"type": "actions", "elements": [button("Start a new assessment", HOME_START, {"v": "start"}, "primary")]},
              {"type": "divider"}]
    if not rows:
        blocks.append(section("_No saved assessments yet. Type `/pcn` to start one._"))
    else:
        blocks.append(section("*Your saved assessments*"))
    for row in rows[:40]:
        result = row.result
        rec = next((m["name"] for m in result.get("models", []) if m.get("recommended")), "none")
        status = STATUS_TEXT.get(result.get("eligibility", {}).get("status"), "?")
        when = row.created_at.strftime("%d %b %Y %H:%M")
        blocks.append({"type": "section",
                       "text": {"type": "mrkdwn", "text": f"*{when}* · {result.get('contract_year')} · {status}\n"
                                                          f"Recommended: *{esc(rec)}* · `{row.id}`"},
                       "accessory": button("Checklist", HOME_CHECKLIST, {"v": row.id})})
    return {"type": "home", "blocks": blocks[:100]}
