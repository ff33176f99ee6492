"""A fake Telegram Bot API for tests and benchmarks: a threaded HTTP server on 127.0.0.1.

It answers the methods the bot uses (getMe, sendMessage, editMessageText, answerCallbackQuery,
setWebhook, deleteWebhook, getUpdates) as `{"ok": true, "result": ...}` and records every call.
Point the app at it with `TELEGRAM_API_URL=fake.url`. `queue` holds the updates getUpdates hands
out (then empty lists). The `*_update` helpers build updates as Telegram posts them to a webhook.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOT_ID = 7000000001
BOT_USERNAME = "pcn_advisor_bot"
_INTS = {"chat_id", "message_id", "offset", "limit", "timeout"}


class FakeTelegramAPI:
    """A recording Bot API; use as a context manager or call `start()` / `stop()`."""

    def __init__(self, delay: float = 0.0):
        self.calls: list[tuple[str, dict]] = []
        self.queue: list[dict] = []          # updates for getUpdates
        self.delay = delay
        self._cond = threading.Condition()
        self._ids = itertools.count(1000)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                method = self.path.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
                params = _params(raw, self.headers.get("Content-Type", ""), self.path)
                body = json.dumps(fake._answer(method, params)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def start(self) -> "FakeTelegramAPI":
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _answer(self, method: str, params: dict) -> dict:
        if self.delay:
            time.sleep(self.delay)
        with self._cond:
            if method in ("sendMessage", "editMessageText"):
                params.setdefault("message_id", next(self._ids))
            self.calls.append((method, params))
            batch, self.queue = (self.queue, []) if method == "getUpdates" else ([], self.queue)
            self._cond.notify_all()
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

    def named(self, method: str, **match) -> list[dict]:
        """The recorded parameters of calls to `method` whose parameters include `match`."""
        with self._cond:
            return [p for m, p in self.calls if m == method and all(p.get(k) == v for k, v in match.items())]

    def wait(self, predicate, timeout: float = 15.0, what: str = "a condition"):
        """Wait until `predicate()` is truthy and return its value (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}")
                self._cond.wait(min(left, 0.05))


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):   # a client hanging up (a stopped server) is no news
        pass


def _params(raw: str, content_type: str, path: str) -> dict:
    """A call's parameters from JSON, a form or the query string; JSON-looking values decoded."""
    if "json" in content_type:
        return json.loads(raw or "{}")
    out = {}
    pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True) + \
        urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query, keep_blank_values=True)
    for key, value in pairs:
        if value[:1] in "[{" or key in _INTS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        out[key] = value
    return out


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
