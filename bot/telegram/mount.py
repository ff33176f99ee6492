"""Mounting Telegram's webhook in the Flask service at `POST /telegram/webhook`.

`register(app)` is this front end's `pcn.frontends` entry point (see `core.plugins`). The view checks
the `X-Telegram-Bot-Api-Secret-Token` header against `TELEGRAM_WEBHOOK_SECRET` (401 otherwise,
nothing processed; refusals are problem+json, `core.problems`), refuses an `update_id` that is not
a whole number in range (400 naming it: a repeat is known by its id, so 1.5 must not pass as 1, nor
null as "no id"), parses the update with python-telegram-bot, hands it to this process's event
loop (`loop.py`) and answers 200 at once. Without `TELEGRAM_BOT_TOKEN` (or without a secret) the
route answers 503 and the rest of the app is unaffected. Cases resolved over HTTP reach the
person's Telegram chat through `core.triage.notify`.
"""
from __future__ import annotations

import hmac
import logging

from flask import Flask, request

from core import notices, plugins
from core.dialogue.conversation import Dialogue
from core.problems import problem_reply
from core.triage import notify

from . import loop
from .settings import TelegramSettings

EXTENSION = "pcn_telegram"
ROUTE = "/telegram/webhook"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
log = logging.getLogger(__name__)
#: Update ids are stored as 64-bit integers (`core.records.telegram`); Telegram's are far smaller.
MAX_UPDATE_ID = 2**63 - 1
#: Seconds to wait for a batch of "your advice changed" messages, plus one a message.
TELL_TIMEOUT = 60


def is_update_id(value) -> bool:
    """Whether `value` is an update id as Telegram sends one: a whole JSON number in range."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_UPDATE_ID


def register(app: Flask) -> None:
    """Register the webhook route on the Flask app, backed by a `TelegramFront` on the service's database."""
    settings = TelegramSettings.from_env(app.config)
    if not (settings.token and settings.webhook_secret):
        def not_configured():
            return problem_reply(503, "Telegram is not configured: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET")

        app.add_url_rule(ROUTE, "telegram_webhook", not_configured, methods=["POST"])
        return

    from telegram import Update

    from .front import TelegramFront

    front = TelegramFront(settings, plugins.db_engine(app), Dialogue(plugins.rules_engine(app)))
    app.extensions[EXTENSION] = front
    secret = settings.webhook_secret.encode()

    def on_change(event: str, case_ids: list[int]) -> None:
        if event == "resolved":
            loop.submit(front.on_resolved(case_ids))

    notify.subscribe(app, on_change, name="telegram")
    # waited for: `pcn reassess --notify` marks people told when this returns, and may exit just after
    notices.subscribe(app, lambda items: loop.call(front.tell_changed(items), timeout=TELL_TIMEOUT + len(items)),
                      name="telegram")

    def telegram_webhook():
        given = (request.headers.get(HEADER) or "").encode()
        if not hmac.compare_digest(given, secret):
            return problem_reply(401, "bad or missing secret token", HEADER)
        data = request.get_json(silent=True)
        if not isinstance(data, dict) or "update_id" not in data:
            return problem_reply(400, "not a Telegram update", "body")
        if not is_update_id(data["update_id"]):   # it keys "seen once": a fraction or null would not
            log.warning("refused a Telegram update whose update_id is not a whole number")
            return problem_reply(400, f"update_id must be a whole number from 0 to {MAX_UPDATE_ID}", "update_id")
        try:
            update = Update.de_json(data, None)
        except Exception:
            log.warning("unreadable Telegram update %s", data.get("update_id"))
            return problem_reply(400, "unreadable update", "body")
        loop.submit(front.process(update))
        return "", 200

    app.add_url_rule(ROUTE, "telegram_webhook", telegram_webhook, methods=["POST"])
    limits = plugins.rate_limits(app)
    if limits is not None:   # wrong secrets count against the sender's address, as bad API keys do
        limits.guard_failures("telegram_webhook")
