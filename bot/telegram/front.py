"""The Telegram front: one update in, the dialogue's replies out, all on one asyncio loop.

`TelegramFront.process(update)` is the whole of handling an update, whether it came through the
webhook or from polling: skip a repeated update id, work out who is talking and whether the bot is
addressed, run the turn through the shared `Conversations` (its database work in a thread, so the
loop never blocks), and send the replies with the Bot API.

Who is who: a conversation's `user_ref` is "chat_id:user_id". In a private chat the two ids are
equal; in a group each member has a conversation of their own in that group, and the chat id in
the reference is where an adviser's reply is sent later. Turns of one person run one at a time.
"""
from __future__ import annotations

import asyncio
import logging
import weakref

from core.db import session_scope
from core.dialogue.persistence import MemoryStore, SQLStore
from core.dialogue.replies import Result
from core.dialogue.runner import Conversations
from core.triage import casework

from . import commands, render
from .settings import CHANNEL, TelegramSettings, make_bot
from .updates import UpdateLog
from .users import chat_of

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on our side. Your answers so far are saved: please try again."


class TelegramFront:
    """Conversations, the update log and the Bot API client of one process (or one polling run)."""

    def __init__(self, settings: TelegramSettings, db_engine=None, dialogue=None):
        self.settings = settings
        self.db_engine = db_engine
        store = SQLStore(db_engine) if db_engine is not None else MemoryStore()
        self.conversations = Conversations(CHANNEL, store, dialogue)
        self.updates = UpdateLog(db_engine)
        self._bot = None
        # a person's lock lives while one of their turns holds or awaits it: no lock per person ever seen
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @property
    def knowledge(self):
        """The knowledge base the dialogue runs on."""
        return self.conversations.dialogue.k

    async def bot(self):
        """The Bot API client, made and initialised (getMe) on the running loop at first use."""
        if self._bot is None:
            bot = make_bot(self.settings)
            await bot.initialize()
            self._bot = bot
        return self._bot

    async def process(self, update) -> None:
        """Handle one update at most once; failures are logged and the person told."""
        chat = update.effective_chat
        if chat is None or update.effective_user is None:  # nothing of ours: no one to answer
            log.warning("Telegram update %s ignored: it has no chat or no sender", update.update_id)
            return
        if not await asyncio.to_thread(self.updates.first_time, update.update_id):
            return
        try:
            if update.callback_query is not None:
                await commands.on_click(self, update.callback_query)
            elif update.message is not None and update.message.text:
                await commands.on_message(self, update.message)
        except Exception:
            log.exception("Telegram update %s failed", update.update_id)
            if chat is not None:
                try:
                    await (await self.bot()).send_message(chat.id, SORRY)
                except Exception:
                    log.exception("could not tell chat %s about the failure", chat.id)

    def lock(self, ref: str) -> asyncio.Lock:
        """The lock that keeps one person's turns in order."""
        return self._locks.setdefault(ref, asyncio.Lock())

    async def run(self, fn, *args):
        """Run blocking work (the dialogue, the database) in a thread."""
        return await asyncio.to_thread(fn, *args)

    async def send(self, chat_id: int, replies: list, ref: str | None = None) -> None:
        """Send a turn's replies; a finished assessment is followed by its checklist."""
        bot = await self.bot()
        for html, markup in render.messages(replies, self.knowledge):
            await bot.send_message(chat_id, html, parse_mode="HTML", reply_markup=markup)
        for r in replies:
            if isinstance(r, Result) and r.assessment_id:
                await self.send_checklist(chat_id, r.assessment_id)

    async def send_checklist(self, chat_id: int, assessment_id: str) -> None:
        """Post an assessment's checklist with its saved ticks, as tick buttons."""
        items = await self.run(self.checklist_items, assessment_id)
        bot = await self.bot()
        for html, markup in render.checklist_pages(assessment_id, items, self.knowledge):
            await bot.send_message(chat_id, html, parse_mode="HTML", reply_markup=markup)

    def checklist_items(self, assessment_id: str) -> list[dict]:
        """The checklist with each item's saved state (the state the HTTP checklist endpoint shows)."""
        from core.assessments import checklist_with_state

        with session_scope(self.db_engine) as s:
            return checklist_with_state(s, assessment_id)

    async def pass_on_replies(self, chat_id: int, ref: str) -> None:
        """Send advisers' replies the person has not seen yet (marked as passed on)."""
        waiting = await self.run(self.conversations.adviser_replies, ref)
        if waiting:
            await self.send(chat_id, waiting)

    async def tell_changed(self, items: list) -> list[str]:
        """Tell each Telegram person whose advice changed when the guidance was updated; the
        reassessments whose person was sent the message (a failure is logged, the next run tries again)."""
        from core.dialogue.replies import Say
        from core.dialogue.updates import advice_changed_text

        told = []
        for item in items:
            if not item["user_ref"]:
                continue
            try:
                await self.send(chat_of(item["user_ref"]), [Say(advice_changed_text(item, self.knowledge.models), "notice")])
            except Exception:
                log.exception("could not tell Telegram chat %s that their advice changed", item["user_ref"])
                continue
            told.append(item["assessment_id"])
        return told

    async def on_resolved(self, case_ids: list[int]) -> None:
        """Cases resolved over HTTP: send each Telegram person's reply to their chat."""
        from core.dialogue.replies import AdviserReply

        for case in await self.run(self._take_undelivered, case_ids):
            await self.send(chat_of(case["conversation"]["user_ref"]), [AdviserReply(case)])

    def _take_undelivered(self, case_ids: list[int]) -> list[dict]:
        """Telegram cases among `case_ids` resolved and not yet passed on, marked as notified."""
        if self.db_engine is None:
            return []
        out = []
        with session_scope(self.db_engine) as s:
            for case_id in case_ids:
                case = casework.get_case(s, case_id)
                if case is None or case.channel != CHANNEL or not case.user_ref:
                    continue
                if case.id in {c.id for c in casework.undelivered(s, CHANNEL, case.user_ref)}:
                    casework.add_event(s, case.id, "notified", CHANNEL, {"channel": CHANNEL})
                    out.append(casework.case_json(case))
        return out

