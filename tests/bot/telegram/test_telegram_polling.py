"""Polling mode and webhook registration against the fake Bot API."""
from __future__ import annotations

import asyncio

from bot.telegram.front import TelegramFront
from bot.telegram.polling import poll, set_webhook
from bot.telegram.settings import TelegramSettings
from core.db import shared_db_engine
from tests.fakes.telegram_api import message_update
from tests.fakes.telegram_user import SECRET, new_id


def _settings(fake) -> TelegramSettings:
    return TelegramSettings("123:test-token", SECRET, fake.url)


def test_polling_deletes_the_webhook_and_answers_each_update_once(fake_telegram, db_url):
    user = new_id()
    first = message_update(new_id(), user, "/help")
    fake_telegram.queue = [first, message_update(new_id(), user, "/status"), first]   # one delivered twice
    front = TelegramFront(_settings(fake_telegram), shared_db_engine(db_url))
    handled = asyncio.run(poll(front, until_idle=True))
    assert handled == 3
    calls = [m for m, _ in fake_telegram.calls]
    assert calls.index("deleteWebhook") < calls.index("getUpdates")
    sent = fake_telegram.named("sendMessage", chat_id=user)
    assert len(sent) == 2 and "/checklist" in sent[0]["text"] and "started" in sent[1]["text"]
    offsets = [p.get("offset") for p in fake_telegram.named("getUpdates")]
    assert offsets[-1] == first["update_id"] + 1


def test_set_webhook_sends_the_secret(fake_telegram):
    asyncio.run(set_webhook(_settings(fake_telegram), "https://pcn.example/telegram/webhook"))
    hook = fake_telegram.named("setWebhook")[-1]
    assert hook["url"] == "https://pcn.example/telegram/webhook" and hook["secret_token"] == SECRET


def test_cli_without_a_token_says_what_to_set(monkeypatch, capsys):
    from engine.cli import main

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["telegram", "--polling"]) == 2
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err
