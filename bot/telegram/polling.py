"""Polling mode (`pcn telegram --polling`) for development, and registering the webhook.

Polling deletes any webhook first (Telegram refuses getUpdates while one is set), then asks for
updates in a loop, handling each with the same `TelegramFront.process` the webhook uses and moving
the offset past it. It runs on its own event loop (`asyncio.run`), not the web service's.
"""
from __future__ import annotations

import sys

from .settings import TelegramSettings, make_bot

WAIT = 25       # seconds Telegram holds a getUpdates call open when nothing is waiting


async def set_webhook(settings: TelegramSettings, url: str) -> None:
    """Register `url` as the bot's webhook, with the secret Telegram will send back in a header."""
    async with make_bot(settings) as bot:
        await bot.set_webhook(url, secret_token=settings.webhook_secret)


async def poll(front, wait: int = WAIT, until_idle: bool = False) -> int:
    """Fetch and handle updates until interrupted (or, with `until_idle`, until a fetch comes back empty)."""
    bot = await front.bot()
    await bot.delete_webhook()
    offset, handled = None, 0
    while True:
        updates = await bot.get_updates(offset=offset, timeout=0 if until_idle else wait)
        if not updates and until_idle:
            return handled
        for update in updates:
            await front.process(update)
            offset, handled = update.update_id + 1, handled + 1


def run(settings: TelegramSettings) -> int:
    """Poll against the database the web service uses (`DATABASE_URL`, migrated) until Ctrl-C."""
    import asyncio

    from sqlalchemy import inspect

    from core.db import shared_db_engine

    from .front import TelegramFront

    db_engine = shared_db_engine()
    if not inspect(db_engine).has_table("telegram_updates"):
        print("pcn telegram: the database has not been set up: run `pcn db upgrade` first", file=sys.stderr)
        return 2
    front = TelegramFront(settings, db_engine)
    print("PCN Advisor is polling Telegram. Press Ctrl-C to stop.", file=sys.stderr)
    try:
        asyncio.run(poll(front))
    except KeyboardInterrupt:
        pass
    return 0
