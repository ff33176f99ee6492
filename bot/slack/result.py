"""Block Kit for the finished assessment, its checklist (with saved checkboxes) and the App Home.

The result: eligibility, the five models compared with the recommended one first and its reasons,
risk flags, the funding estimate and what depends on each "not sure" answer, every point cited.
The checklist is a separate message: one section per item with a "Done" checkbox whose block id
names the assessment and the item, so a tick can be saved without any other state.
"""
from __future__ import annotations

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
from core.triage.opening import advice_flags

from .advice import escalate_button
from .blocks import MAX_BLOCKS, button, cited, clip, context, esc, header, lines_sections, section

CHECK_ACTION = "pcn_check"
CHECK_BLOCK = "chk"
HOME_START = "pcn_home_start"
HOME_CHECKLIST = "pcn_home_checklist"
SEVERITY_ICON = {"blocker": ":no_entry:", "warning": ":warning:", "info": ":information_source:"}


def split(blocks: list, text: str) -> list[dict]:
    """Messages of at most 50 blocks each, all with the same fallback text."""
    return [{"text": text, "blocks": blocks[i:i + MAX_BLOCKS]} for i in range(0, len(blocks), MAX_BLOCKS)] or \
        [{"text": text, "blocks": [section(esc(text))]}]


def result_messages(r: Result, k) -> list[dict]:
    """The assessment as one or more messages."""
    a, src = r.assessment, k.sources
    e = a["eligibility"]
    rec = next((m for m in a["models"] if m["recommended"]), None)
    summary = f"Eligibility: {STATUS_TEXT[e['status']]}. " + (f"Recommended: {rec['name']}." if rec else
                                                                "No model can be recommended as things stand.")
    saved = f" · saved as `{r.assessment_id}`" if r.assessment_id else ""
    blocks = [header("Your PCN assessment"),
              context(f"As of {a['as_of']} · contract year {a['contract_year']} · rules {a['rules_version']}{saved}")]
    coverage = coverage_note(a)
    if coverage:     # first, before anything it may make out of date
        blocks.append(section(f":calendar: *Dates beyond the guidance:* {esc(coverage)}"))
    undecided = undecided_note(r.undecided, k.questions)
    if undecided:
        blocks.append(section(f":hourglass_flowing_sand: {esc(undecided)}"))
    blocks += lines_sections(f"*Eligibility: {STATUS_TEXT[e['status']]}*",
                              [f"• {cited(marked(x['text'], x), x['citation'], src)}" for x in e["reasons"]])
    blocks += [{"type": "divider"}, section("*The five operating models compared* (recommended first)")]
    for m in a["models"]:
        mark = " · :star: *Recommended*" if m["recommended"] else " · your choice" if m["chosen"] else ""
        lines = [f"• {'+' if x['score'] >= 0 else '−'}{abs(x['score'])} {cited(x['text'], x['citation'], src)}"
                 for x in m["reasons"]]
        lines += [f"{SEVERITY_ICON[f['severity']]} {cited(marked(f['message'], f), f['citation'], src)}" for f in m["flags"]]
        blocks += lines_sections(f"*{m['rank']}. {esc(m['name'])}* · {RATING_TEXT[m['rating']]} "
                                  f"({score_text(m)}){mark}", lines or ["_No specific points._"])
    blocks += lines_sections("*How the models are ranked*", [esc(ranking_note(a))] +
                              [f"• {esc(line)}" for line in survey_lines(a, k.models, src)])
    near = near_miss_lines(a, src)
    if near:
        blocks += lines_sections("*Close calls*", [f"• {esc(line)}" for line in near])
    network = [f for f in a["flags"] if f["model"] is None]
    if network:
        blocks += [{"type": "divider"}]
        blocks += lines_sections("*Risk flags for the whole network*", [
            f"{SEVERITY_ICON[f['severity']]} *{SEVERITY_TEXT[f['severity']]}:* {cited(marked(f['message'], f), f['citation'], src)}"
            + (" _Take professional advice (the LMC can help)._" if f.get("advice") else "") for f in network])
    blocks += [{"type": "divider"}]
    blocks += lines_sections(f"*Funding estimate ({a['contract_year']})*", funding_lines(a["funding"], k, a.get("duties"), a.get("as_of")))
    disputes = disagreement_lines(a.get("disagreements"), src)
    if disputes:
        blocks += lines_sections(f":scales: *{DISAGREEMENTS_TITLE}*", [f"• {esc(line)}" for line in disputes])
    blocks.append(context(esc(JUDGEMENT_NOTE)))
    if r.unsure:
        lines = []
        for u in r.unsure:
            lines.append(f"• *{esc(u['prompt'])}*")
            for d in u["depends"][:6]:
                lines.append(f"    ◦ {cited(d['text'], d['citation'], src)} ({esc(models_text(d['models'], k.models))})")
            if not u["depends"]:
                lines.append("    ◦ Nothing else in the assessment depends on it.")
        blocks += [{"type": "divider"}] + lines_sections("*What depends on your \"not sure\" answers*", lines)
    advice = advice_flags(a)
    if advice and r.assessment_id:
        blocks += [{"type": "divider"},
                   section(f":raising_hand: {len(advice)} point{'s' if len(advice) != 1 else ''} above need professional "
                           "advice. An LMC adviser can help: they will see this assessment."),
                   escalate_button(assessment_id=r.assessment_id)]
    offer = refine_offer(r.topics)
    if offer:
        blocks.append(section(f":mag: {offer}"))
    blocks.append(context("Your setup checklist follows. Type *what if <change>* to try another answer, *change "
                          "<question>* to revise one, or *restart* to begin again."))
    return split(blocks, summary)


def funding_lines(fund: dict, k, duties: list | None = None, day: str | None = None) -> list[str]:
    """One line per stream, then per duty: amount and how it is worked out (or why it is unknown), cited."""
    return [f"• *{esc(label)}:* {amount}" + (f" ({esc(why)})" if why else "") + (f" _{esc(cite(c, k.sources))}_" if c else "")
            for label, amount, why, c in funding_rows(fund, k.funding, duties, day)]


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
