"""Fixtures for the Telegram tests: the fake Bot API and the served app with Telegram mounted."""
from __future__ import annotations

import pytest

from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_user import SECRET, TelegramUser


@pytest.fixture
def fake_telegram():
    """A fake Bot API on 127.0.0.1, recording every call."""
    with FakeTelegramAPI() as fake:
        yield fake


@pytest.fixture
def make_tg_app(db_url, fake_telegram):
    """Build a service app with Telegram mounted, on the session database and the fake Bot API."""
    from service import create_app

    def make(**extra):
        config = {"DATABASE_URL": db_url, "TESTING": True, "TELEGRAM_BOT_TOKEN": "123:test-token",
                  "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_URL": fake_telegram.url}
        config.update(extra)
        return create_app(config)
    return make


@pytest.fixture
def tg_app(make_tg_app):
    """A service app with Telegram mounted."""
    return make_tg_app()


@pytest.fixture
def tg_user(tg_app, fake_telegram):
    """A function making drivers: tg_user(chat_id=None, chat_type="private")."""
    def make(**kw) -> TelegramUser:
        return TelegramUser(tg_app.test_client(), fake_telegram, **kw)
    return make
