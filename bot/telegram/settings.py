"""Telegram settings, read from a Flask config first and then the environment.

`TELEGRAM_BOT_TOKEN` (from @BotFather), `TELEGRAM_WEBHOOK_SECRET` (the secret Telegram repeats in
the `X-Telegram-Bot-Api-Secret-Token` header of every webhook call) and `TELEGRAM_API_URL` (the Bot
API base, https://api.telegram.org unless a test points it at a fake). A webhook secret shorter
than `core.plugins.MIN_SECRET` characters stops the start (`StartError`): it could be guessed.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from core.plugins import secret_setting, setting

CHANNEL = "telegram"
DEFAULT_API_URL = "https://api.telegram.org"


@dataclass(frozen=True)
class TelegramSettings:
    """The bot token, the webhook secret and the Bot API base URL."""

    token: str | None
    webhook_secret: str | None
    api_url: str = DEFAULT_API_URL

    @classmethod
    def from_env(cls, config: dict | None = None) -> "TelegramSettings":
        """Settings from `config` (e.g. Flask's app.config) first, then the environment."""
        get = partial(setting, config)
        return cls(get("TELEGRAM_BOT_TOKEN"), secret_setting(config, "TELEGRAM_WEBHOOK_SECRET"),
                   (get("TELEGRAM_API_URL") or DEFAULT_API_URL).rstrip("/"))

    @property
    def base_url(self) -> str:
        """What PTB's `Bot(base_url=...)` wants: requests go to `{base_url}{token}/{method}`."""
        return f"{self.api_url}/bot"


def make_bot(settings: TelegramSettings):
    """A python-telegram-bot `Bot` talking to the configured Bot API (must be used on one event loop),
    waiting out Telegram's flood control (`flood.py`) on every call, getUpdates too."""
    from telegram import Bot

    from .flood import PatientRequest

    # a long poll holds its connection, so getUpdates keeps a one-connection transport of its own
    # (python-telegram-bot's default)
    return Bot(settings.token, base_url=settings.base_url, request=PatientRequest(),
               get_updates_request=PatientRequest(connection_pool_size=1))
