"""Slack listeners as plain functions: the `/pcn` command, answer clicks, checklist ticks, DMs, App Home.

Every listener acknowledges first and only then does the work (database, engine, Web API calls),
so Slack gets its answer well within 3 seconds: in Bolt's default mode the work carries on in a
background thread after `ack()`. Events are acknowledged by Bolt itself; a retried event id is
skipped (see `events.py`).
"""
from __future__ import annotations

import logging
import re

from ..dialogue.describe import answer_text
from ..dialogue.parse import UNSURE
from ..dialogue.replies import Ask, Result
from . import blocks
from .app import CHANNEL, SlackBot, user_ref
from .post import HELP, checklist_items, deliver, latest_assessment_id, publish_home, status_text
from .result import CHECK_ACTION, HOME_CHECKLIST, HOME_START, checked, checklist_messages

log = logging.getLogger(__name__)
START = {"", "start", "open", "begin", "go"}
SUBCOMMANDS = START | {"restart", "new", "checklist", "status", "help"}


def _bot(context) -> SlackBot:
    return context["pcn"]


def _team(body: dict) -> str | None:
    return (body.get("team") or {}).get("id") or body.get("team_id") or (body.get("user") or {}).get("team_id")


def slash_command(ack, command, context, client):
    """`/pcn [start|restart|checklist|status|help]`."""
    sub = (command.get("text") or "").strip().lower().split(" ")[0]
    if sub not in SUBCOMMANDS or sub == "help":
        ack(text=HELP if sub == "help" else f"I don't know `/pcn {sub}`.\n{HELP}")
        return
    in_dm = command.get("channel_name") == "directmessage"
    if in_dm:
        ack()
    else:
        ack(text="I'll carry on in a direct message with you.")
    bot = _bot(context)
    user = user_ref(command.get("team_id"), command["user_id"])
    channel = bot.dm(client, command["user_id"])
    if sub in START:
        deliver(bot, client, channel, bot.conversations.open(user))
    elif sub in ("restart", "new"):
        deliver(bot, client, channel, bot.conversations.start(user))
    elif sub == "checklist":
        post_checklist(bot, client, channel, latest_assessment_id(bot, user, CHANNEL))
    else:
        client.chat_postMessage(channel=channel, text=status_text(bot, user))


def post_checklist(bot, client, channel: str, assessment_id: str | None) -> None:
    """Post an assessment's checklist with its saved ticks (or say there is none yet)."""
    if not assessment_id:
        client.chat_postMessage(channel=channel, text="You have no finished assessment yet. Type `/pcn` to start one.")
        return
    for m in checklist_messages(assessment_id, checklist_items(bot, assessment_id), bot.knowledge):
        client.chat_postMessage(channel=channel, text=m["text"], blocks=m["blocks"])


def answer_action(ack, body, action, context, client):
    """A clicked answer, "Not sure", "Why?" or "Back" on a question message."""
    ack()
    qid, value = blocks.answer_value(action)
    if qid is None:
        return
    bot = _bot(context)
    user_id = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id") or bot.dm(client, user_id)
    replies = bot.conversations.click(user_ref(_team(body), user_id), qid, value)
    accepted = any(isinstance(r, Result) or isinstance(r, Ask) and r.ack for r in replies)
    message = body.get("message")
    if accepted and message and value not in ("why", "back"):
        # replace the buttons with the answer, so an old question cannot be clicked again
        q = bot.knowledge.questions[qid]
        if q["type"] == "boolean" and value != UNSURE:
            value = value == "true"
        shown = answer_text(q, value, unsure=value == UNSURE)
        client.chat_update(channel=channel, ts=message["ts"], text=f"{q['prompt']} {shown}",
                           blocks=blocks.answered(message.get("blocks"), shown))
    deliver(bot, client, channel, replies)
    if any(isinstance(r, Result) for r in replies):
        publish_home(bot, client, user_id, user_ref(_team(body), user_id), CHANNEL)


def checklist_action(ack, body, action, context, client):
    """A ticked or unticked checklist item: saved with who did it."""
    ack()
    parsed = checked(action)
    bot = _bot(context)
    if parsed is None or bot.db_engine is None:
        return
    assessment_id, item_id, done = parsed
    user_id = body["user"]["id"]
    from service.db import session_scope
    from service.store import get_assessment, set_checklist_item

    with session_scope(bot.db_engine) as s:
        row = get_assessment(s, assessment_id)
        if row is None or row.user_ref != user_ref(_team(body), user_id):
            log.warning("checklist tick for someone else's assessment ignored")
            return
        try:
            set_checklist_item(s, assessment_id, item_id, done, by=f"slack:{user_id}")
        except KeyError:
            log.warning("checklist tick for an unknown item ignored")


def direct_message(event, body, context, client):
    """Typed text in the DM: an answer or a command."""
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return
    bot = _bot(context)
    if not bot.events.first_time(body.get("event_id")):
        return
    replies = bot.conversations.say(user_ref(_team(body), event["user"]), event.get("text") or "")
    deliver(bot, client, event["channel"], replies)
    if any(isinstance(r, Result) for r in replies):
        publish_home(bot, client, event["user"], user_ref(_team(body), event["user"]), CHANNEL)


def home_opened(event, body, context, client):
    """The App Home tab: the person's saved assessments."""
    if event.get("tab", "home") != "home":
        return
    bot = _bot(context)
    if not bot.events.first_time(body.get("event_id")):
        return
    publish_home(bot, client, event["user"], user_ref(_team(body), event["user"]), CHANNEL)


def home_action(ack, body, action, context, client):
    """App Home buttons: start a new assessment, or show a saved assessment's checklist."""
    ack()
    bot = _bot(context)
    user_id = body["user"]["id"]
    channel = bot.dm(client, user_id)
    if action["action_id"] == HOME_START:
        deliver(bot, client, channel, bot.conversations.start(user_ref(_team(body), user_id)))
    else:
        assessment_id = blocks.answer_value(action)[1]
        post_checklist(bot, client, channel, assessment_id if isinstance(assessment_id, str) else None)


def register(app, bot: SlackBot) -> None:
    """Attach the listeners (and the shared `SlackBot`) to a Bolt app."""
    def share(context, next):
        context["pcn"] = bot
        next()

    app.use(share)
    app.command(re.compile(r"^/pcn"))(slash_command)
    app.action(re.compile(rf"^{blocks.ANSWER_ACTION}"))(answer_action)
    app.action(re.compile(rf"^{CHECK_ACTION}"))(checklist_action)
    app.action(re.compile(rf"^({HOME_START}|{HOME_CHECKLIST})$"))(home_action)
    app.event("message")(direct_message)
    app.event("app_home_opened")(home_opened)
