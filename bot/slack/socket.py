"""`pcn slack --socket`: the Slack app over Socket Mode, for development without a public URL.

Needs `SLACK_APP_TOKEN` (an app-level token with `connections:write`) and `SLACK_BOT_TOKEN`.
Conversation state and assessments go to the same database as the web service (`DATABASE_URL`),
which must have been migrated (`pcn db upgrade`).
"""
from __future__ import annotations

import sys

from core.db import shared_db_engine

from .app import SlackSettings, build_app


def run(args) -> int:
    """Connect to Slack and handle events until interrupted."""
    settings = SlackSettings.from_env()
    missing = [name for name, value in (("SLACK_APP_TOKEN", settings.app_token),
                                        ("SLACK_BOT_TOKEN", settings.bot_token)) if not value]
    if missing:
        print(f"pcn slack: set {' and '.join(missing)} (see the README, section Slack and chat)", file=sys.stderr)
        return 2
    from sqlalchemy import inspect


    db_engine = shared_db_engine()
    if not inspect(db_engine).has_table("conversations"):
        print("pcn slack: the database has not been set up: run `pcn db upgrade` first", file=sys.stderr)
        return 2
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    app = build_app(settings, db_engine=db_engine)
    print("PCN Advisor is connected to Slack over Socket Mode. Press Ctrl-C to stop.", file=sys.stderr)
    try:
        SocketModeHandler(app, settings.app_token).start()
    except KeyboardInterrupt:
        pass
    return 0
