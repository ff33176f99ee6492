"""Slack listeners as plain functions: the `/pcn` command, answer clicks, checklist ticks, DMs, App Home
(the *Ask an LMC adviser* button and the advisers' own buttons: `adviser_listeners.py`).

Each listener is two functions: a tiny *ack* function that Bolt runs in the request thread (it
only decides what to say back at once), and the *work* (database, engine, Web API calls) that Bolt
runs as a lazy listener on its thread pool after the response has gone. So Slack's 3-second limit
never depends on the database, the engine or the Web API, nor on how busy the pool is. A retried
event id is skipped (see `events.py`).

Lazy listeners get a deep copy of the request context, so the shared `SlackBot` is not put in the
context itself: the context carries a key to it (`pcn_bot`), looked up in `BOTS`.
"""
from __future__ import annotations

import logging
import re

from core.db import session_scope
from core.dialogue.describe import answer_text
from core.dialogue.parse import UNSURE
from core.dialogue.replies import Ask, Result

from . import advisers, blocks
from .context import BOTS, ack_only, bot_of, reported, team_of
from .post import HELP, checklist_items, deliver, publish_home, status_text
from .result import CHECK_ACTION, HOME_CHECKLIST, HOME_START, checked, checklist_messages
from .slackbot import CHANNEL, SlackBot, user_ref

log = logging.getLogger(__name__)
START = {"", "start", "open", "begin", "go"}
SUBCOMMANDS = START | {"restart", "new", "checklist", "status", "help", "ask", "adviser", "advisor", "triage"}


def _subcommand(command: dict) -> str:
    return (command.get("text") or "").strip().lower().split(" ")[0]


def _rest(command: dict) -> str:
    """What follows the subcommand, as typed (a question or a note)."""
    return " ".join((command.get("text") or "").split()[1:])


def ack_command(ack, command):
    """Answer `/pcn help` (and unknown subcommands) at once; otherwise say where the reply will be."""
    sub = _subcommand(command)
    if sub not in SUBCOMMANDS or sub == "help":
        ack(text=HELP if sub == "help" else f"I don't know `/pcn {blocks.esc(sub)}`.\n{HELP}")
    elif command.get("channel_name") == "directmessage":
        ack()
    else:
        ack(text="I'll carry on in a direct message with you.")


@reported
def slash_command(command, context, client):
    """`/pcn [start|restart|checklist|status]`: the work, in the DM."""
    sub = _subcommand(command)
    if sub not in SUBCOMMANDS or sub == "help":
        return
    bot = bot_of(context)
    user = user_ref(command.get("team_id"), command["user_id"])
    channel = bot.dm(client, command["user_id"])
    if sub in START:
        deliver(bot, client, channel, bot.conversations.open(user))
    elif sub in ("restart", "new"):
        deliver(bot, client, channel, bot.conversations.start(user))
    elif sub == "checklist":
        post_checklist(bot, client, channel, bot.conversations.latest_assessment_id(user))
    elif sub in ("ask", "adviser", "advisor"):
        replies = bot.conversations.say(user, f"{'ask' if sub == 'ask' else 'adviser'} {_rest(command)}")
        deliver(bot, client, channel, replies)
        advisers.announce_new(bot, client, replies)
    elif sub == "triage":
        advisers.queue(bot, client, command["user_id"], channel)
    else:
        client.chat_postMessage(channel=channel, text=status_text(bot, user))


def post_checklist(bot, client, channel: str, assessment_id: str | None) -> None:
    """Post an assessment's checklist with its saved ticks (or say there is none yet)."""
    if not assessment_id:
        client.chat_postMessage(channel=channel, text="You have no finished assessment yet. Type `/pcn` to start one.")
        return
    for m in checklist_messages(assessment_id, checklist_items(bot, assessment_id), bot.knowledge):
        client.chat_postMessage(channel=channel, text=blocks.fallback(m["text"]), blocks=m["blocks"])


@reported
def answer_action(body, action, context, client):
    """A clicked answer, "Not sure", "Why?" or "Back" on a question message."""
    qid, value = blocks.answer_value(action)
    if not isinstance(qid, str):
        return
    bot = bot_of(context)
    user_id = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id") or bot.dm(client, user_id)
    replies = bot.conversations.click(user_ref(team_of(body), user_id), qid, value)
    accepted = any(isinstance(r, Result) or isinstance(r, Ask) and r.ack for r in replies)
    message = body.get("message")
    if accepted and message and message.get("ts") and value not in ("why", "back"):
        # replace the buttons with the answer, so an old question cannot be clicked again
        q = bot.knowledge.questions[qid]
        if q["type"] == "boolean" and value != UNSURE:
            value = value == "true"
        shown = answer_text(q, value, unsure=value == UNSURE)
        client.chat_update(channel=channel, ts=message["ts"], text=blocks.fallback(f"{q['prompt']} {shown}"),
                           blocks=blocks.answered(message.get("blocks"), shown))
    deliver(bot, client, channel, replies)
    if any(isinstance(r, Result) for r in replies):
        publish_home(bot, client, user_id, user_ref(team_of(body), user_id), CHANNEL)


@reported
def checklist_action(body, action, context, client):
    """A ticked or unticked checklist item: saved with who did it."""
    parsed = checked(action)
    bot = bot_of(context)
    if parsed is None or bot.db_engine is None:
        return
    assessment_id, item_id, done = parsed
    user_id = body["user"]["id"]
    from core.assessments import set_checklist_item

    if owner(bot, assessment_id) != user_ref(team_of(body), user_id):
        log.warning("checklist tick for someone else's assessment ignored")
        return
    with session_scope(bot.db_engine) as s:
        try:
            set_checklist_item(s, assessment_id, item_id, done, by=f"slack:{user_id}")
        except KeyError:
            log.warning("checklist tick for an unknown item ignored")


@reported
def direct_message(event, body, context, client):
    """Typed text in the DM: an answer or a command."""
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return
    bot = bot_of(context)
    if not bot.events.first_time(body.get("event_id")):
        return
    # Slack escapes &, < and > in message text; the dialogue wants what the person typed
    text = (event.get("text") or "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    replies = bot.conversations.say(user_ref(team_of(body), event["user"]), text)
    deliver(bot, client, event["channel"], replies)
    advisers.announce_new(bot, client, replies)
    if any(isinstance(r, Result) for r in replies):
        publish_home(bot, client, event["user"], user_ref(team_of(body), event["user"]), CHANNEL)


@reported
def home_opened(event, body, context, client):
    """The App Home tab: the person's saved assessments."""
    if event.get("tab", "home") != "home":
        return
    bot = bot_of(context)
    if not bot.events.first_time(body.get("event_id")):
        return
    publish_home(bot, client, event["user"], user_ref(team_of(body), event["user"]), CHANNEL)


@reported
def home_action(body, action, context, client):
    """App Home buttons: start a new assessment, or show a saved assessment's checklist."""
    bot = bot_of(context)
    user_id = body["user"]["id"]
    channel = bot.dm(client, user_id)
    if action["action_id"] == HOME_START:
        deliver(bot, client, channel, bot.conversations.start(user_ref(team_of(body), user_id)))
    else:
        assessment_id = blocks.answer_value(action)[1]
        mine = isinstance(assessment_id, str) and owner(bot, assessment_id) == user_ref(team_of(body), user_id)
        post_checklist(bot, client, channel, assessment_id if mine else None)


def owner(bot: SlackBot, assessment_id: str) -> str | None:
    """Who an assessment belongs to (None if unknown, or without a database)."""
    if bot.db_engine is None:
        return None
    from core.assessments import get_assessment

    with session_scope(bot.db_engine) as s:
        row = get_assessment(s, assessment_id)
        return row.user_ref if row else None


def register(app, bot: SlackBot) -> None:
    """Attach the listeners (and the shared `SlackBot`) to a Bolt app."""
    key = f"bot-{id(bot)}"
    BOTS[key] = bot
    app.pcn_bot = bot     # the app keeps the bot alive; BOTS only points at it

    def share(context, next):
        context["pcn_bot"] = key
        next()

    app.use(share)
    app.command(re.compile(r"^/pcn"))(ack=ack_command, lazy=[slash_command])
    app.action(re.compile(rf"^{blocks.ANSWER_ACTION}"))(ack=ack_only, lazy=[answer_action])
    app.action(re.compile(rf"^{CHECK_ACTION}"))(ack=ack_only, lazy=[checklist_action])
    app.action(re.compile(rf"^({HOME_START}|{HOME_CHECKLIST})$"))(ack=ack_only, lazy=[home_action])
    app.event("message")(ack=ack_only, lazy=[direct_message])
    app.event("app_home_opened")(ack=ack_only, lazy=[home_opened])
