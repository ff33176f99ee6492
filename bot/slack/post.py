"""Delivering replies to Slack: each reply becomes one or more `chat.postMessage` calls in a DM.

Also the read-only views a person can ask for: the latest checklist with its saved ticks, where
their conversation stands, and the App Home list of saved assessments.
"""
from __future__ import annotations

from core.db import session_scope
from core.dialogue.replies import AdviserReply, Answer, Ask, Choices, Escalated, Explain, Result, Say, WhatIf

from . import blocks
from .advice import adviser_reply_message, answer_message, escalated_message
from .result import checklist_messages, home_view, result_messages, summary_message

HELP = blocks.esc("*PCN Advisor* works out which structure suits your Primary Care Network.\n"
        "• `/pcn` or `/pcn start` opens the conversation in a direct message (or carries it on)\n"
        "• `/pcn restart` starts again from the first question\n"
        "• `/pcn checklist` shows the setup checklist of your latest assessment\n"
        "• `/pcn status` says where your conversation stands\n"
        "• `/pcn ask <question>` answers from the guidance, every point cited (or just type your question)\n"
        "• `/pcn adviser [note]` passes your assessment or question to an LMC adviser\n"
        "• `/pcn triage` lists the open cases by priority (LMC advisers only)\n"
        "• `/pcn help` shows this message\n"
        "In the conversation, click an option or type your answer. You can also type *why?*, *back*, "
        "*change <question>*, *restart*, *ask <question>*, *adviser* or *help*; after the result, *refine* "
        "(or *refine <topic>*) for the questions that fine-tune it, and *what if <change>* (\"what if we had "
        "28,500 patients\", \"what changes on 1 April?\") to see what would change.")  # mrkdwn: <...> escaped


def messages_for(bot, replies: list) -> list[dict]:
    """The Block Kit messages for a turn's replies, in order."""
    k = bot.knowledge
    out = []
    for r in replies:
        if isinstance(r, Ask):
            out.append(blocks.question(r))
        elif isinstance(r, Say):
            out.append(blocks.say(r))
        elif isinstance(r, Explain):
            out.append(blocks.explain(r, k))
        elif isinstance(r, Choices):
            out.append(blocks.choices(r))
        elif isinstance(r, WhatIf):
            out.append(blocks.what_if(r, k))
        elif isinstance(r, Answer):
            out.append(answer_message(r.answer, k))
        elif isinstance(r, Escalated):
            out.append(escalated_message(r, k))
        elif isinstance(r, AdviserReply):
            out.append(adviser_reply_message(r.case))
        elif isinstance(r, Result):
            out += result_messages(r, k)
            out.append(summary_message(r, k))
            out += checklist_messages(r.assessment_id, checklist_items(bot, r.assessment_id, r.assessment), k)
    return out


def deliver(bot, client, channel: str, replies: list) -> None:
    """Post a turn's replies to a channel."""
    for m in messages_for(bot, replies):
        client.chat_postMessage(channel=channel, text=blocks.fallback(m["text"]), blocks=m["blocks"])


def checklist_items(bot, assessment_id, assessment: dict | None = None) -> list[dict]:
    """An assessment's checklist items with their saved done state (all undone without a database)."""
    if bot.db_engine is None:
        return [dict(i, done=False) for i in (assessment or {}).get("checklist", [])]
    from core.assessments import checklist_with_state

    with session_scope(bot.db_engine) as s:
        return checklist_with_state(s, assessment_id)


def status_text(bot, user: str) -> str:
    """Where the person's conversation stands, in a sentence or two."""
    state = bot.conversations.state(user)
    if state is None:
        return "You haven't started an assessment yet. Type `/pcn` to begin."
    if state.pending:
        prompt = bot.knowledge.questions.get(state.pending, {}).get("prompt", state.pending)
        return (f"You've answered {len(state.history)} question{'s' if len(state.history) != 1 else ''}. "
                f"Waiting for your answer to: *{blocks.esc(prompt)}*\nReply here, or type `/pcn` to see the question again.")
    if state.finished:
        return (f"Your assessment is finished and saved as `{state.assessment_id}`. `/pcn checklist` shows the "
                "checklist; `/pcn restart` begins a new one.")
    return "Type `/pcn` to carry on."


def publish_home(bot, client, user_id: str, user: str, channel: str) -> None:
    """Publish the App Home with the person's saved assessments."""
    rows = []
    if bot.db_engine is not None:
        from core.assessments import list_assessments

        with session_scope(bot.db_engine) as s:
            rows = list_assessments(s, user_ref=user, channel=channel, limit=20)
    client.views_publish(user_id=user_id, view=home_view(rows))
