"""The Slack app: a slack-bolt `App` wired to the dialogue, the state store and the Web API.

Thin on purpose (Bolt's starter-template shape): `build_app` makes the `App` and the shared
`SlackBot` (`slackbot.py`), then `listeners.register` (practices) and `adviser_listeners.register`
(LMC advisers) attach the listeners. Bolt verifies every request's signature and timestamp before
any listener runs, and a request replayed with the same signature is dropped (`events.py`).
"""
from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from core.dialogue.persistence import MemoryStore, SQLStore
from core.dialogue.runner import Conversations

from . import adviser_listeners, listeners
from .events import EventLog, skip_replays
from .slackbot import CHANNEL, SlackBot, SlackSettings, Work

__all__ = ["SlackSettings", "build_app"]


def build_app(settings: SlackSettings | None = None, *, db_engine=None, dialogue=None) -> App:
    """A Bolt app with every listener registered; `db_engine` None keeps state in memory."""
    settings = settings or SlackSettings.from_env()
    client = WebClient(token=settings.bot_token, base_url=settings.api_url)
    lazy = Work(max_workers=5, thread_name_prefix="pcn-slack-lazy")   # Bolt's default size, but one we can settle
    app = App(client=client, listener_executor=lazy, signing_secret=settings.signing_secret or "",
              # the ack functions run in the request thread and answer at once; the slow work is
              # in lazy listeners on Bolt's pool (see listeners.py), so the ack never waits for it
              process_before_response=True,
              # no network call while the web app is being built; auth.test runs on the first request
              token_verification_enabled=False)
    store = SQLStore(db_engine) if db_engine is not None else MemoryStore()
    conversations = Conversations(CHANNEL, store, dialogue)
    handled = EventLog(db_engine)
    app.use(skip_replays(handled))      # before any listener: a replayed request does nothing
    listeners.register(app, SlackBot(conversations, handled, db_engine, settings, listener_pool=lazy))
    adviser_listeners.register(app)
    return app
