"""A fake Telegram Bot API for tests and benchmarks: a `RecordingAPI` (tests/fakes/recording_api.py).

It answers the methods the bot uses (getMe, sendMessage, editMessageText, answerCallbackQuery,
setWebhook, deleteWebhook, getUpdates) as `{"ok": true, "result": ...}` and records every call.
Point the app at it with `TELEGRAM_API_URL=fake.url`. `queue` holds the updates getUpdates hands
out (then empty lists). `flood(n, retry_after)` plays Telegram's flood control: the next n calls
are refused with HTTP 429 and `parameters.retry_after`, kept in `refused`, not in `calls`. The
`*_update` helpers build updates as Telegram posts them to a webhook.

What the bot sent to a chat is kept per chat too: `sent(chat_id)` and `wait_sent(chat_id, ...)`
read and wait on that chat's messages alone, so many people waiting at once (the benchmark) cost
neither a scan of every call nor a wake-up for each other's messages.
"""
from __future__ import annotations

import itertools
import threading
import time
from collections import defaultdict

from tests.fakes.recording_api import RecordingAPI

BOT_ID = 7000000001
BOT_USERNAME = "pcn_advisor_bot"


class FakeTelegramAPI(RecordingAPI):
    """A recording Bot API; use as a context manager or call `start()` / `stop()`."""

    JSON_KEYS = frozenset({"chat_id", "message_id", "offset", "limit", "timeout"})
    WAIT_TIMEOUT = 15.0

    def __init__(self, delay: float = 0.0):
        super().__init__(delay)
        self.queue: list[dict] = []          # updates for getUpdates
        self.refused: list[tuple[str, dict]] = []
        self._ids = itertools.count(1000)
        self._refuse_left, self._retry_after, self._refused_method = 0, 1, None
        self._status = threading.local()     # the HTTP status of the answer this handler thread is writing
        self._sent: defaultdict[int, list[dict]] = defaultdict(list)            # sendMessage calls by chat
        self._chat_conds: defaultdict[int, threading.Condition] = defaultdict(threading.Condition)
        fake = self

        class Handler(self.server.RequestHandlerClass):
            # http.server writes a response's headers and body in two sends; with Nagle on, the body
            # waits for the client's delayed ACK (40 ms on Linux), which would be added to every Bot
            # API call the bot makes and pass for the bot's own slowness in the benchmark.
            disable_nagle_algorithm = True

            def send_response(self, code, message=None):
                super().send_response(getattr(fake._status, "code", code), message)

        self.server.RequestHandlerClass = Handler

    def flood(self, calls: int, retry_after: int = 1, method: str | None = None) -> None:
        """Refuse the next `calls` calls (to `method` only, if given) as flood control does: HTTP 429."""
        with self._cond:
            self._refuse_left, self._retry_after, self._refused_method = calls, retry_after, method

    def _refuse(self, method: str, params: dict) -> dict | None:
        """The 429 answer if flood control refuses this call (recorded in `refused`)."""
        with self._cond:
            if self._refuse_left <= 0 or self._refused_method not in (None, method):
                return None
            self._refuse_left -= 1
            self.refused.append((method, params))
            self._cond.notify_all()
            wait = self._retry_after
        return {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {wait}",
                "parameters": {"retry_after": wait}}

    def sent(self, chat_id: int) -> list[dict]:
        """The messages sent to a chat (sendMessage parameters), oldest first."""
        with self._cond:
            return list(self._sent.get(chat_id, ()))

    def wait_sent(self, chat_id: int, predicate, timeout: float | None = None, what: str = "a message"):
        """Wait until `predicate(messages sent to the chat)` is truthy and return its value
        (AssertionError on timeout); woken only by messages to this chat."""
        deadline = time.monotonic() + (self.WAIT_TIMEOUT if timeout is None else timeout)
        with self._cond:
            chat = self._chat_conds[chat_id]
        with chat:
            while True:
                value = predicate(self.sent(chat_id))
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}")
                chat.wait(left)

    def _answer(self, method: str, params: dict) -> dict:
        refusal = self._refuse(method, params)
        self._status.code = 429 if refusal else 200
        if refusal:
            return refusal
        with self._cond:   # the id, the record and the queue hand-over change together
            if method in ("sendMessage", "editMessageText"):
                params.setdefault("message_id", next(self._ids))
            self.calls.append((method, params))
            if method == "sendMessage":
                self._sent[params.get("chat_id")].append(params)
                chat = self._chat_conds[params.get("chat_id")]
            batch, self.queue = (self.queue, []) if method == "getUpdates" else ([], self.queue)
            self._cond.notify_all()
        if method == "sendMessage":
            with chat:
                chat.notify_all()
        if method == "getMe":
            return {"ok": True, "result": {"id": BOT_ID, "is_bot": True, "first_name": "PCN Advisor",
                                           "username": BOT_USERNAME}}
        if method in ("sendMessage", "editMessageText"):
            return {"ok": True, "result": {"message_id": params["message_id"], "date": int(time.time()),
                                           "chat": {"id": params.get("chat_id"), "type": "private"},
                                           "from": {"id": BOT_ID, "is_bot": True, "first_name": "PCN Advisor"},
                                           "text": params.get("text", "")}}
        if method == "getUpdates":
            return {"ok": True, "result": batch}
        return {"ok": True, "result": True}


def _user(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}


def _chat(chat_id: int, chat_type: str) -> dict:
    return {"id": chat_id, "type": chat_type} | ({"title": "PCN group"} if chat_type != "private" else {})


def message_update(update_id: int, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private",
                   reply_to_bot: bool = False) -> dict:
    """An update carrying a text message (a /command gets its bot_command entity)."""
    message = {"message_id": update_id, "date": int(time.time()), "from": _user(user_id),
               "chat": _chat(chat_id or user_id, chat_type), "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}]
    if reply_to_bot:
        message["reply_to_message"] = {"message_id": 1, "date": int(time.time()), "chat": message["chat"],
                                       "from": {"id": BOT_ID, "is_bot": True, "first_name": "PCN Advisor"},
                                       "text": "a question"}
    return {"update_id": update_id, "message": message}


def callback_update(update_id: int, user_id: int, data: str, message_id: int, chat_id: int | None = None,
                    chat_type: str = "private") -> dict:
    """An update carrying a pressed inline button on message `message_id`."""
    message = {"message_id": message_id, "date": int(time.time()), "chat": _chat(chat_id or user_id, chat_type),
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "PCN Advisor"}, "text": "…"}
    return {"update_id": update_id, "callback_query": {"id": f"cb{update_id}", "from": _user(user_id),
                                                       "chat_instance": "ci", "data": data, "message": message}}
