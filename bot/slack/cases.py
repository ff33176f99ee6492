"""Block Kit for the advisers: a case as posted in the adviser channel, the queue, the resolve modal.

Every block of a case has a block id starting `case:<id>:`, so a message holding one case (the
channel post) or many (the `/pcn triage` queue) can have that case's blocks replaced after a claim
or a resolution without rebuilding the rest.
"""
from __future__ import annotations

import json

from core.dialogue.describe import STATUS_OF_CASE, case_title, marked, practice_text

from .blocks import MAX_BLOCKS, button, cited, clip, context, esc, header

CLAIM_ACTION = "pcn_triage_claim"
RESOLVE_ACTION = "pcn_triage_resolve"
RESOLVE_VIEW = "pcn_triage_resolve_view"
NOTE_BLOCK, NOTE_ACTION = "note", "note_input"
PRIORITY_ICON = {"urgent": ":red_circle:", "high": ":large_orange_circle:", "normal": ":large_blue_circle:",
                 "routine": ":white_circle:"}
QUEUE_SHOWN = 15            # cases per queue message (3 blocks each, under the 50-block limit)
QUEUE_LIMIT = 45            # cases /pcn triage lists (three messages); the web queue has them all
MORE_WAITING = ("More cases are waiting than fit here: these are the {n} most pressing. The advisers' queue on "
                "the web pages (/advisers) lists them all, with filters by priority and topic.")


def who(by: str | None) -> str:
    """A person as Slack shows them: a mention for Slack users, else their name."""
    if by and by.startswith("slack:"):
        return f"<@{by.split(':', 1)[1]}>"
    return esc(by or "?")


def _sec(case_id: int, n: int, text: str) -> dict:
    return {"type": "section", "block_id": f"case:{case_id}:{n}", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}


def case_blocks(case: dict, k) -> list[dict]:
    """One case: title, what it is about, why it got its priority (cited), and its buttons or outcome."""
    cid, src = case["id"], k.sources
    if case.get("flag"):
        about = cited(case["flag"]["message"], case["flag"]["citation"], src)
    elif case.get("question"):
        about = f"Question: “{esc(case['question'])}”"
    else:
        about = "The practice asked to talk to an adviser."
    if case.get("note"):
        about += f"\n_Note from the practice:_ {esc(case['note'])}"
    if case.get("assessment_id"):
        about += f"\n_Assessment_ `{case['assessment_id']}`"
    reasons = "\n".join(f"• {cited(marked(r['text'], r), r['citation'], src)}" for r in case.get("reasons") or [])
    head = (f"{PRIORITY_ICON.get(case['priority'], '')} *{esc(case_title(case))}* · {STATUS_OF_CASE[case['status']]}"
            f"\nFrom {practice_text(case)}")
    blocks = [_sec(cid, 0, head + "\n" + about),
              {"type": "context", "block_id": f"case:{cid}:1",
               "elements": [{"type": "mrkdwn", "text": clip("*Why this priority:*\n" + (reasons or "no rule fired"), 2000)}]}]
    if case["status"] == "resolved":
        blocks.append(_sec(cid, 2, f":white_check_mark: Resolved by {who(case['resolved_by'])}: {esc(case['resolution'] or '')}"))
        return blocks
    elements = []
    if case["status"] == "open":
        elements.append(button("Claim", f"{CLAIM_ACTION}:{cid}", {"c": cid}, "primary"))
    elements.append(button("Resolve", f"{RESOLVE_ACTION}:{cid}", {"c": cid}))
    if case["status"] == "claimed":
        blocks.append({"type": "context", "block_id": f"case:{cid}:3",
                       "elements": [{"type": "mrkdwn", "text": f"Claimed by {who(case['claimed_by'])}"}]})
    blocks.append({"type": "actions", "block_id": f"case:{cid}:2", "elements": elements})
    return blocks


def case_message(case: dict, k) -> dict:
    """A case as its own message (the adviser-channel post)."""
    return {"text": f"{case_title(case)} ({STATUS_OF_CASE[case['status']]})", "blocks": case_blocks(case, k)}


def queue_messages(cases: list[dict], k, more: bool = False) -> list[dict]:
    """The open queue, most pressing first, in messages of up to 15 cases; `more` says that further
    cases are waiting beyond those listed."""
    if not cases:
        return [{"text": "No open cases.", "blocks": [header("LMC triage queue"), context("No open cases. :tada:")]}]
    out = []
    for start in range(0, len(cases), QUEUE_SHOWN):
        chunk = cases[start:start + QUEUE_SHOWN]
        blocks = [header("LMC triage queue")] if not start else []
        for c in chunk:
            blocks += case_blocks(c, k) + [{"type": "divider", "block_id": f"case:{c['id']}:9"}]
        out.append({"text": f"LMC triage queue: {len(cases)} open case{'s' if len(cases) != 1 else ''}",
                    "blocks": blocks[:MAX_BLOCKS]})
    if more:
        out.append({"text": MORE_WAITING.format(n=len(cases)), "blocks": [context(MORE_WAITING.format(n=len(cases)))]})
    return out


def refreshed(message_blocks: list, case: dict, k) -> list[dict]:
    """A message's blocks with one case's blocks replaced by its current state."""
    prefix = f"case:{case['id']}:"
    mine = [i for i, b in enumerate(message_blocks or []) if str(b.get("block_id", "")).startswith(prefix)]
    if not mine:
        return message_blocks
    new = case_blocks(case, k) + ([message_blocks[mine[-1]]] if message_blocks[mine[-1]].get("type") == "divider" else [])
    return message_blocks[:mine[0]] + new + message_blocks[mine[-1] + 1:]


def resolve_modal(case: dict, origin: dict | None = None) -> dict:
    """The modal asking for the note that resolves a case (sent to the practice)."""
    meta = json.dumps({"c": case["id"], **(origin or {})})
    return {"type": "modal", "callback_id": RESOLVE_VIEW, "private_metadata": meta[:3000],
            "title": {"type": "plain_text", "text": clip(f"Resolve case #{case['id']}", 24)},
            "submit": {"type": "plain_text", "text": "Resolve"},
            "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": clip(esc(case_title(case)), 3000)}},
                       {"type": "input", "block_id": NOTE_BLOCK,
                        "label": {"type": "plain_text", "text": "Your reply to the practice"},
                        "element": {"type": "plain_text_input", "action_id": NOTE_ACTION, "multiline": True,
                                    "max_length": 3000}}]}
