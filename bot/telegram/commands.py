"""What the bot does with a message or a button press: the slash commands, typed answers, ticks.

Commands: /start, /assess, /checklist, /ask <question>, /adviser [note], /whatif, /status,
/restart, /help. Any other text is an answer or a question, exactly as typed to the dialogue (which
understands "why?", "back", "change <question>" itself). In a group the bot answers only when
addressed: a /command@botname, an @botname mention, or a reply to one of its messages.
"""
from __future__ import annotations

import asyncio
import logging
from html import escape

from telegram.error import TelegramError

from core.dialogue.describe import answer_text
from core.dialogue.parse import UNSURE
from core.dialogue.replies import Ask, Result, Say

from . import render
from .users import user_ref

HELP = ("<b>PCN Advisor</b> works out which structure suits your Primary Care Network, citing the BMA "
        "handbook for every point.\n"
        "/start – welcome, and the first question (or carry on where you were)\n"
        "/assess – carry on with your assessment\n"
        "/restart – start again from the first question\n"
        "/checklist – the setup checklist of your latest assessment, with tick buttons\n"
        "/ask &lt;question&gt; – the guidance on a question, cited\n"
        "/adviser [note] – pass your assessment or question to an LMC adviser\n"
        "/whatif – how to see what changes with a different answer\n"
        "/status – where your assessment stands\n"
        "/help – this message\n"
        "Press an option or type your answer. You can also type <i>why?</i>, <i>back</i> or "
        "<i>change &lt;question&gt;</i>.")
WELCOME = "Welcome to PCN Advisor. I'll ask a few questions about your network, then compare the five operating models."
WHATIF = ("To see what would change without changing your answers, send /whatif and the change, for example "
          "\"/whatif we had 28,500 patients\", \"/whatif we chose a federation\" or \"/whatif on 1 April\". To "
          "revise an answer for good, type change and the question, for example \"change population\". "
          "Your answers so far:")
GROUPS = ("group", "supergroup")
log = logging.getLogger(__name__)


async def _me(front) -> str:
    return ((await front.bot()).username or "").lower()


async def addressed(front, message) -> tuple[bool, str]:
    """Whether a message is for the bot, and its text with the bot's @name taken out."""
    text = message.text or ""
    me = await _me(front)
    mention = f"@{me}"
    if text.startswith("/"):
        head, _, rest = text.partition(" ")
        command, _, target = head.partition("@")
        if target and target.lower() != me:
            return False, text                      # a command for another bot
        if message.chat.type in GROUPS and not target:
            return False, text
        return True, f"{command} {rest}".strip()
    if message.chat.type not in GROUPS:
        return True, text
    reply = message.reply_to_message
    to_me = reply is not None and reply.from_user is not None and reply.from_user.id == (await front.bot()).id
    if mention in text.lower():
        start = text.lower().index(mention)
        return True, (text[:start] + text[start + len(mention):]).strip(" ,:")
    return to_me, text


async def on_message(front, message) -> None:
    """A text message: a command, an answer or a question."""
    ok, text = await addressed(front, message)
    if not ok or message.from_user is None:
        return
    chat_id, ref = message.chat.id, user_ref(message.chat.id, message.from_user.id)
    async with front.lock(ref):
        await front.pass_on_replies(chat_id, ref)
        if text.startswith("/"):
            name, _, arg = text[1:].partition(" ")
            await command(front, chat_id, ref, name.lower(), arg.strip())
        else:
            await front.send(chat_id, await front.run(front.conversations.say, ref, text), ref)


async def command(front, chat_id: int, ref: str, name: str, arg: str) -> None:
    """Carry out one slash command."""
    c = front.conversations
    if name == "start":
        await front.send(chat_id, [Say(WELCOME)] + await front.run(c.open, ref))
    elif name == "assess":
        await front.send(chat_id, await front.run(c.open, ref))
    elif name == "restart":
        await front.send(chat_id, await front.run(c.start, ref))
    elif name == "checklist":
        state = await front.run(c.state, ref)
        aid = await front.run(c.latest_assessment_id, ref, state)
        if aid:
            await front.send_checklist(chat_id, aid)
        else:
            await _html(front, chat_id, "You have no finished assessment yet. Send /start to begin one.")
    elif name == "ask" and not arg:
        await _html(front, chat_id, "Type your question after /ask, for example <i>/ask who chooses the clinical director?</i>")
    elif name in ("ask", "adviser", "advisor"):
        word = "ask" if name == "ask" else "adviser"
        await front.send(chat_id, await front.run(c.say, ref, f"{word} {arg}".strip()))
    elif name == "whatif" and arg:
        await front.send(chat_id, await front.run(c.say, ref, f"what if {arg}"))
    elif name == "whatif":
        await front.send(chat_id, [Say(WHATIF)] + await front.run(c.say, ref, "change"))
    elif name == "status":
        await _html(front, chat_id, status_html(front, await front.run(c.state, ref)))
    elif name == "help":
        await _html(front, chat_id, HELP)
    else:
        await _html(front, chat_id, f"I don't know /{escape(name)}.\n\n{HELP}")


async def _html(front, chat_id: int, html: str) -> None:
    await (await front.bot()).send_message(chat_id, html, parse_mode="HTML")



def accepted(replies: list) -> bool:
    """Whether a click was taken as an answer (the next question or the result follows)."""
    return any(isinstance(r, Result) or isinstance(r, Ask) and r.ack for r in replies)

def status_html(front, state) -> str:
    """Where the person's assessment stands."""
    if state is None:
        return "You haven't started an assessment yet. Send /start to begin."
    if state.pending:
        prompt = front.knowledge.questions.get(state.pending, {}).get("prompt", state.pending)
        n = len(state.history)
        return (f"You've answered {n} question{'s' if n != 1 else ''}. Waiting for your answer to: "
                f"<b>{escape(prompt)}</b>\nSend /assess to see the question again.")
    if state.finished:
        return (f"Your assessment is finished and saved as <code>{escape(str(state.assessment_id))}</code>. "
                "/checklist shows its checklist; /restart begins a new one.")
    return "Send /assess to carry on."


async def on_click(front, query) -> None:
    """A pressed button: an answer, Why?, Back, or a checklist tick."""
    bot = await front.bot()
    message = query.message
    chat_id = message.chat.id if message is not None else query.from_user.id
    ref = user_ref(chat_id, query.from_user.id)
    kind, _, rest = (query.data or "").partition(":")
    # The answer only stops the button's spinner: sent alongside the turn, it costs the reply no
    # round trip to Telegram, and one refused (a query too old) does not lose the press.
    answered = asyncio.create_task(_answer_query(bot, query))
    try:
        async with front.lock(ref):
            if kind == "c":
                await _tick(front, query, ref, *rest.rpartition(":")[::2])
                return
            qid, _, raw = rest.rpartition(":")
            q = front.knowledge.questions.get(qid)
            if kind != "a" or q is None:
                return
            value = render.click_value(q, raw)
            replies = await front.run(front.conversations.click, ref, qid, value)
            if message is not None and accepted(replies) and raw not in ("why", "back"):
                shown = answer_text(q, {"true": True, "false": False}.get(value, value) if q["type"] == "boolean"
                                    else value, unsure=value == UNSURE)
                await bot.edit_message_text(f"{escape(q['prompt'])}\n<b>{escape(shown)}</b>", chat_id=chat_id,
                                            message_id=message.message_id, parse_mode="HTML")
            await front.send(chat_id, replies, ref)
    finally:
        await answered


async def _answer_query(bot, query) -> None:
    """Tell Telegram the button press was received."""
    try:
        await bot.answer_callback_query(query.id)
    except TelegramError:
        log.warning("could not answer Telegram callback query %s", query.id, exc_info=True)


async def _tick(front, query, ref: str, assessment_id: str, index: str) -> None:
    """Toggle one checklist item (only on the person's own assessment) and redraw its page."""
    if not index.isdigit() or query.message is None:
        return
    n = int(index)
    items = await front.run(_toggle, front, ref, assessment_id, n, f"telegram:{query.from_user.id}")
    if items is None:
        return
    html, markup = render.checklist_page(assessment_id, items, n // render.CHECKLIST_PAGE, front.knowledge)
    await (await front.bot()).edit_message_text(html, chat_id=query.message.chat.id,
                                                message_id=query.message.message_id,
                                                parse_mode="HTML", reply_markup=markup)


def _toggle(front, ref: str, assessment_id: str, n: int, by: str) -> list[dict] | None:
    from core.assessments import checklist_with_state, get_assessment, set_checklist_item
    from core.db import session_scope

    with session_scope(front.db_engine) as s:
        row = get_assessment(s, assessment_id)
        if row is None or row.user_ref != ref:
            return None
        items = checklist_with_state(s, assessment_id)
        if not 0 <= n < len(items):
            return None
        set_checklist_item(s, assessment_id, items[n]["id"], not items[n]["done"], by=by)
        return checklist_with_state(s, assessment_id)
