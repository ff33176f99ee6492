"""What every Slack listener shares: the settings (from the environment or a Flask config) and the
`SlackBot` (conversations, the event log, the database, DM channel ids, a small background pool).

Settings: `SLACK_SIGNING_SECRET` and `SLACK_BOT_TOKEN` for HTTP mode, `SLACK_APP_TOKEN` for Socket
Mode, `SLACK_API_URL` to point the Web API client somewhere other than https://slack.com/api/ (the
tests use a fake on 127.0.0.1); `PCN_ADVISER_CHANNEL` and `PCN_ADVISERS` say where triage cases are
posted and who the LMC advisers are.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from slack_sdk import WebClient

from core.dialogue.runner import Conversations
from core.plugins import setting

from .events import EventLog

CHANNEL = "slack"
DEFAULT_API_URL = "https://slack.com/api/"


class Work(ThreadPoolExecutor):
    """A thread pool that knows whether anything it was given is still unfinished (`settle`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pending = 0
        self._changed = threading.Condition()

    def submit(self, fn, /, *args, **kwargs):
        with self._changed:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future) -> None:
        with self._changed:
            self._pending -= 1
            self._changed.notify_all()

    @property
    def idle(self) -> bool:
        """Whether everything submitted so far has finished."""
        with self._changed:
            return self._pending == 0

    def settle(self, timeout: float) -> bool:
        """Wait (up to `timeout` seconds) until everything submitted so far has finished."""
        with self._changed:
            return self._changed.wait_for(lambda: self._pending == 0, timeout)


def _quiet(_event: str, _case_ids: list) -> None:
    """Nobody to tell (a bot not mounted in the app, as in tests of the listeners alone)."""


@dataclass(frozen=True)
class SlackSettings:
    """Credentials and endpoints for the Slack app."""

    signing_secret: str | None
    bot_token: str | None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL
    adviser_channel: str | None = None          # where new triage cases are posted
    advisers: frozenset = frozenset()           # Slack user ids of the LMC advisers

    @classmethod
    def from_env(cls, config: dict | None = None) -> "SlackSettings":
        """Settings from `config` (e.g. Flask's app.config) first, then the environment."""
        get = partial(setting, config)
        url = get("SLACK_API_URL") or DEFAULT_API_URL
        advisers = frozenset(a.strip() for a in (get("PCN_ADVISERS") or "").split(",") if a.strip())
        return cls(get("SLACK_SIGNING_SECRET"), get("SLACK_BOT_TOKEN"), get("SLACK_APP_TOKEN"),
                   url if url.endswith("/") else url + "/",   # the client appends method names
                   get("PCN_ADVISER_CHANNEL"), advisers)

    @property
    def http_ready(self) -> bool:
        """Whether HTTP mode can run (both the signing secret and the bot token are set)."""
        return bool(self.signing_secret and self.bot_token)


@dataclass
class SlackBot:
    """What the listeners share: conversations, the event log, the database and DM channel ids."""

    conversations: Conversations
    events: EventLog
    db_engine: object = None
    settings: SlackSettings = field(default_factory=lambda: SlackSettings(None, None))
    _dms: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _members: tuple = (0.0, frozenset())        # (when fetched, adviser channel members)
    _pool: Work | None = None
    #: the pool Bolt runs lazy listeners on (given to `App` by `build_app`)
    listener_pool: Work | None = None
    # tells the other front ends of case changes made in Slack (set when mounted in the app)
    tell: Callable[[str, list], None] = field(default_factory=lambda: _quiet)

    def background(self, fn, *args) -> None:
        """Run `fn(*args)` on the bot's own small pool (work an HTTP request must not wait for)."""
        with self._lock:
            if self._pool is None:
                self._pool = Work(max_workers=2, thread_name_prefix="pcn-slack")
        self._pool.submit(fn, *args)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until all work handed off so far (lazy listeners, and the background work they start)
        has finished: what a request set going is over (TimeoutError after `timeout` seconds)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            pools = [p for p in (self.listener_pool, self._pool) if p is not None]
            for pool in pools:
                pool.settle(max(0.0, deadline - time.monotonic()))
            if all(pool.idle for pool in pools):
                return
            if time.monotonic() >= deadline:
                raise TimeoutError("Slack work still running")

    @property
    def knowledge(self):
        """The knowledge base the dialogue runs on."""
        return self.conversations.dialogue.k

    def dm(self, client: WebClient, user_id: str) -> str:
        """The id of the direct-message channel with a person (opened once, then remembered)."""
        with self._lock:
            if user_id in self._dms:
                return self._dms[user_id]
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        with self._lock:
            self._dms[user_id] = channel
        return channel


def user_ref(team_id: str | None, user_id: str) -> str:
    """How a Slack person is known in the database: "TEAM:USER"."""
    return f"{team_id or '-'}:{user_id}"
