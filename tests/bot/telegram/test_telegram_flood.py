"""Telegram's flood control (429 with retry_after): the call is sent again after the wait asked for,
at most twice; beyond that, or for a wait too long, the person is told to try again. The fake Bot
API refuses calls with 429; the waits are recorded instead of taken."""
from __future__ import annotations

import asyncio

import pytest
from telegram.error import RetryAfter

from bot.telegram import flood, loop
from bot.telegram.front import SORRY, TelegramFront
from bot.telegram.polling import poll
from bot.telegram.settings import TelegramSettings
from core.db import shared_db_engine
from core.dialogue.replies import Say
from tests.fakes.telegram_api import callback_update, message_update
from tests.fakes.telegram_user import SECRET, new_id, question_of


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The waits flood control asked for, in order (none is actually taken)."""
    asked: list[float] = []

    async def no_wait(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(flood, "_sleep", no_wait)
    return asked


def test_a_reply_refused_twice_is_sent_after_each_wait_and_arrives_once(tg_user, fake_telegram, waits):
    u = tg_user()
    fake_telegram.flood(2, retry_after=3, method="sendMessage")
    helped = u.say("/help", until=lambda new: "/checklist" in new[-1]["text"])
    assert len(helped) == 1 and len(u.messages()) == 1
    assert [p["chat_id"] for m, p in fake_telegram.refused] == [u.chat_id, u.chat_id]
    assert waits == [3, 3]


def test_refused_beyond_the_retries_the_person_is_told_to_try_again(tg_user, fake_telegram, waits):
    u = tg_user()
    fake_telegram.flood(1 + flood.RETRIES, method="sendMessage")
    told = u.say("/help", until=lambda new: True)
    assert [m["text"] for m in told] == [SORRY]
    assert len(fake_telegram.refused) == 1 + flood.RETRIES and waits == [1] * flood.RETRIES


def test_a_press_whose_answer_is_refused_still_gets_its_reply(tg_app, tg_user, fake_telegram, waits):
    from telegram import Update

    u = tg_user()
    first = u.say("/start")
    qid = question_of(first[-1])
    u.press(first[-1], f"a:{qid}:why", until=lambda new: "Why we ask" in new[0]["text"])
    assert len(fake_telegram.named("answerCallbackQuery")) == 1
    fake_telegram.flood(1 + flood.RETRIES, method="answerCallbackQuery")
    before = len(u.messages())
    press = callback_update(new_id(), u.user_id, f"a:{qid}:why", first[-1]["message_id"])
    loop.call(tg_app.extensions["pcn_telegram"].process(Update.de_json(press, None)))   # waited for to the end
    again = [m["text"] for m in u.messages()[before:]]
    assert "Why we ask" in again[0] and SORRY not in again
    assert [m for m, _ in fake_telegram.refused] == ["answerCallbackQuery"] * (1 + flood.RETRIES)


def test_a_wait_longer_than_the_limit_is_not_taken(tg_app, fake_telegram, waits):
    front = tg_app.extensions["pcn_telegram"]
    loop.call(front.bot())
    fake_telegram.flood(1, retry_after=flood.MAX_WAIT_S + 1, method="sendMessage")
    chat = new_id()
    with pytest.raises(RetryAfter):
        loop.call(front.send(chat, [Say("hello")]))
    assert waits == [] and fake_telegram.named("sendMessage", chat_id=chat) == []


def test_polling_waits_out_a_refused_get_updates(fake_telegram, db_url, waits):
    user = new_id()
    fake_telegram.queue = [message_update(new_id(), user, "/help")]
    fake_telegram.flood(1, retry_after=2, method="getUpdates")
    front = TelegramFront(TelegramSettings("123:test-token", SECRET, fake_telegram.url), shared_db_engine(db_url))
    assert asyncio.run(poll(front, until_idle=True)) == 1
    assert waits == [2] and len(fake_telegram.named("sendMessage", chat_id=user)) == 1


@pytest.mark.parametrize("code, payload, wait", [
    (429, b'{"ok": false, "error_code": 429, "parameters": {"retry_after": 5}}', 5),
    (429, b'{"ok": false, "error_code": 429, "description": "Too Many Requests"}', None),
    (429, b"<html>busy</html>", None),
    (400, b'{"ok": false, "parameters": {"retry_after": 5}}', None),
    (200, b'{"ok": true, "result": true}', None),
])
def test_retry_after_is_read_from_429_answers_only(code, payload, wait):
    assert flood.retry_after(code, payload) == wait
