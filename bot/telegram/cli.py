"""`pcn telegram set-webhook URL` and `pcn telegram --polling`: Telegram's subcommands of `pcn`."""
from __future__ import annotations

import sys


def register(subparsers) -> None:
    """Add `telegram` to the `pcn` command line."""
    tg = subparsers.add_parser("telegram", help="the Telegram bot: register its webhook, or poll for development")
    tg.add_argument("--polling", action="store_true",
                    help="fetch updates with getUpdates instead of a webhook (deletes any webhook first)")
    sub = tg.add_subparsers(dest="telegram_command")
    hook = sub.add_parser("set-webhook", help="tell Telegram to send updates to URL, with TELEGRAM_WEBHOOK_SECRET")
    hook.add_argument("url", help="public HTTPS URL of /telegram/webhook")
    tg.set_defaults(func=_telegram)


def _telegram(args) -> int:
    from core.plugins import StartError

    from .settings import TelegramSettings

    try:
        settings = TelegramSettings.from_env()
    except StartError as exc:
        print(f"pcn telegram: {exc}", file=sys.stderr)
        return 2
    if not settings.token:
        print("pcn telegram: set TELEGRAM_BOT_TOKEN (see the README, section Telegram)", file=sys.stderr)
        return 2
    if getattr(args, "telegram_command", None) == "set-webhook":
        if not settings.webhook_secret:
            print("pcn telegram: set TELEGRAM_WEBHOOK_SECRET first", file=sys.stderr)
            return 2
        import asyncio

        from .polling import set_webhook

        asyncio.run(set_webhook(settings, args.url))
        print(f"Telegram will send updates to {args.url}", file=sys.stderr)
        return 0
    if args.polling:
        from .polling import run

        return run(settings)
    print("pcn telegram: give --polling or set-webhook URL", file=sys.stderr)
    return 2
