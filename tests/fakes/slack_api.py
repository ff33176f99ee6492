"""A fake Slack for tests and benchmarks: a Web API on 127.0.0.1 that records calls, and signed requests.

`FakeSlackAPI` is a `RecordingAPI` (tests/fakes/recording_api.py) answering the Web API methods the bot uses
(auth.test, chat.postMessage, chat.update, conversations.open, conversations.members,
conversations.history, views.publish, views.open, ...). Point the app at it with
`SLACK_API_URL=fake.url`; `members` sets who is in which channel. The `*_body` helpers build what Slack sends to `/slack/events`,
and `signed_headers` signs it as Slack does (v0 HMAC-SHA256 of "v0:timestamp:body").
"""
from __future__ import annotations

import itertools
import json
import time
import urllib.parse

from slack_sdk.signature import SignatureVerifier

from tests.fakes.recording_api import RecordingAPI

BOT_USER = "UBOT0PCN"


class FakeSlackAPI(RecordingAPI):
    """A recording Slack Web API; use as a context manager or call `start()` / `stop()`."""

    CONTENT_TYPE = "application/json; charset=utf-8"
    PATH = "/api/"

    def __init__(self, delay: float = 0.0):
        super().__init__(delay)
        self.members: dict[str, list[str]] = {}   # channel id -> member user ids (conversations.members)
        self._ts = itertools.count(1)

    def _answer(self, method: str, params: dict) -> dict:
        if method == "chat.postMessage":
            params["_ts"] = f"{1700000000 + next(self._ts)}.000100"   # so a test can click on it later
        self._record(method, params)
        if method == "auth.test":
            return {"ok": True, "url": "https://pcn-test.slack.com/", "team": "PCN Test", "user": "pcn",
                    "team_id": "T0PCN", "user_id": BOT_USER, "bot_id": "B0PCN"}
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or params.get("_ts")
            return {"ok": True, "channel": params.get("channel"), "ts": ts,
                    "message": {"text": params.get("text"), "blocks": params.get("blocks"), "ts": ts}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "X")).split(",")[0]}}
        if method in ("views.publish", "views.open"):
            return {"ok": True, "view": params.get("view")}
        if method == "conversations.members":
            return {"ok": True, "members": list(self.members.get(params.get("channel"), [])),
                    "response_metadata": {"next_cursor": ""}}
        if method == "conversations.history":
            return {"ok": True, "messages": self._latest(params.get("channel"), params.get("latest"))}
        return {"ok": True}

    def _latest(self, channel, ts) -> list[dict]:
        """The message posted at `ts` in `channel`, as last updated."""
        with self._cond:
            found = [p for m, p in self.calls if m in ("chat.postMessage", "chat.update") and p.get("channel") == channel
                     and (p.get("ts") or p.get("_ts")) == ts]
        return [{"ts": ts, "text": found[-1].get("text"), "blocks": found[-1].get("blocks")}] if found else []


def signed_headers(secret: str, body: bytes, content_type: str, timestamp: int | None = None,
                   retry: int | None = None) -> dict:
    """The headers Slack sends with a request body: timestamp and v0 signature (and retry number)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    sig = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body.decode("utf-8"))
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, "Content-Type": content_type}
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def command_body(user: str, text: str = "", team: str = "T0PCN", channel_name: str = "directmessage",
                 response_url: str = "http://127.0.0.1:9/commands") -> tuple[bytes, str]:
    """A `/pcn` slash command as Slack posts it."""
    fields = {"token": "legacy", "team_id": team, "team_domain": "pcn-test", "channel_id": "D" + user,
              "channel_name": channel_name, "user_id": user, "user_name": user.lower(), "command": "/pcn",
              "text": text, "api_app_id": "A0PCN", "response_url": response_url,
              "trigger_id": f"{time.time_ns()}.trigger"}
    return urllib.parse.urlencode(fields).encode(), FORM


def action_body(user: str, action: dict, message: dict | None = None, team: str = "T0PCN",
                channel: str | None = None) -> tuple[bytes, str]:
    """A block_actions interaction (a click on a button, select, date picker or checkbox)."""
    payload = {"type": "block_actions", "team": {"id": team, "domain": "pcn-test"},
               "user": {"id": user, "team_id": team}, "api_app_id": "A0PCN", "token": "legacy",
               "trigger_id": f"{time.time_ns()}.trigger", "response_url": "http://127.0.0.1:9/actions",
               "channel": {"id": channel or "D" + user, "name": "directmessage"},
               "container": {"type": "message", "channel_id": channel or "D" + user,
                             "message_ts": (message or {}).get("ts", "1.0")},
               "message": message or {"ts": "1.0", "blocks": []},
               "actions": [dict(action, action_ts=str(time.time()))]}
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), FORM


def view_body(user: str, view: dict, values: dict, team: str = "T0PCN") -> tuple[bytes, str]:
    """A view_submission: the modal `view` (as opened) submitted with `values` ({block: {action: value}})."""
    state = {"values": {b: {a: {"type": "plain_text_input", "value": v} for a, v in acts.items()}
                        for b, acts in values.items()}}
    payload = {"type": "view_submission", "team": {"id": team, "domain": "pcn-test"},
               "user": {"id": user, "team_id": team}, "api_app_id": "A0PCN", "token": "legacy",
               "trigger_id": f"{time.time_ns()}.trigger", "view": dict(view, id="V0PCN", state=state)}
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), FORM


def event_body(event: dict, event_id: str, team: str = "T0PCN") -> tuple[bytes, str]:
    """An Events API callback."""
    body = {"token": "legacy", "team_id": team, "api_app_id": "A0PCN", "event": event, "type": "event_callback",
            "event_id": event_id, "event_time": int(time.time()), "authorizations": [
                {"team_id": team, "user_id": BOT_USER, "is_bot": True}]}
    return json.dumps(body).encode(), JSON


def dm_event(user: str, text: str) -> dict:
    """A person's message in their DM with the app."""
    return {"type": "message", "channel_type": "im", "channel": "D" + user, "user": user, "text": text,
            "ts": f"{time.time():.6f}", "client_msg_id": f"{time.time_ns()}"}
