"""A driver for one Slack user: signed requests through Flask's test client, replies read off the fake API
(`FakeSlackAPI`); `SECRET` is the signing secret the test apps are configured with."""
from __future__ import annotations

import json
import time

import engine
from tests.fakes.slack_api import action_body, command_body, dm_event, event_body, signed_headers

SECRET = "test-signing-secret-0123456789abcdef"

# Default answers while driving a conversation to its result: typed text or a button value.
TYPED = {"integer": "about 42k", "date": "1 July 2019", "practices": "Riverside Surgery, A81001, 42000"}


def question_of(message: dict) -> str | None:
    """The question id a posted message asks (None if it is not a question)."""
    for block in message.get("blocks") or []:
        if block.get("type") == "actions" and str(block.get("block_id", "")).startswith("answer:"):
            return block["block_id"].split(":", 1)[1]
    return None


def is_checklist(message: dict) -> bool:
    """Whether a posted message is a checklist."""
    return any(b.get("type") == "header" and b["text"]["text"] == "Setup checklist" for b in message.get("blocks") or [])


class SlackUser:
    """One person talking to the app: sends signed requests, waits for the app's replies."""

    def __init__(self, client, fake, user: str, team: str = "T0PCN"):
        self.client, self.fake, self.user, self.team = client, fake, user, team
        self.channel = "D" + user
        self.k = engine.default_engine().knowledge
        self._events = 0

    def send(self, body_ct, timestamp=None, retry=None, secret=SECRET):
        """POST a body to /slack/events, signed; returns the response (and its time in .elapsed)."""
        body, ct = body_ct
        started = time.perf_counter()
        r = self.client.post("/slack/events", data=body, headers=signed_headers(secret, body, ct, timestamp, retry))
        r.elapsed = time.perf_counter() - started
        return r

    def settle(self) -> None:
        """Wait until everything the app was set going so far has finished: whatever it was going to
        post, it has (the sentinel that lets a test check that nothing happened)."""
        from bot.slack.mount import EXTENSION

        self.client.application.extensions[EXTENSION].pcn_bot.settle()

    def messages(self) -> list[dict]:
        """Messages the app posted in this person's DM, oldest first."""
        return self.fake.named("chat.postMessage", channel=self.channel)

    def homes(self) -> list[dict]:
        """App Home views published for this person."""
        return self.fake.named("views.publish", user_id=self.user)

    def turn(self, send) -> list[dict]:
        """Run `send()`, wait until the app has finished replying, return the new messages."""
        before, homes = len(self.messages()), len(self.homes())
        r = send()
        assert r.status_code == 200, (r.status_code, r.data)

        def done(_calls):
            new = self.messages()[before:]
            if new and question_of(new[-1]):
                return new
            if len(self.homes()) > homes:
                return self.messages()[before:]
            return None
        return self.fake.wait(done, what=f"the app's reply to {self.user}")

    def command(self, text: str = ""):
        """/pcn <text>: the response (not waiting for DMs)."""
        return self.send(command_body(self.user, text, team=self.team))

    def say(self, text: str, event_id: str | None = None, retry=None):
        """A typed DM message (an Events API callback)."""
        self._events += 1
        eid = event_id or f"Ev{self.user}{self._events}{time.time_ns()}"
        return self.send(event_body(dm_event(self.user, text), eid, team=self.team), retry=retry)

    def click(self, message: dict, value=None, label: str | None = None):
        """Click the button on a question message whose answer is `value` (or whose label is `label`)."""
        block = next(b for b in message["blocks"] if b.get("type") == "actions")
        for el in block["elements"]:
            if el["type"] != "button":
                continue
            v = json.loads(el["value"]).get("v")
            if (label is not None and el["text"]["text"] == label) or (label is None and v == value):
                action = {"type": "button", "action_id": el["action_id"], "block_id": block["block_id"],
                          "value": el["value"], "text": el["text"]}
                return self.send(action_body(self.user, action, {"ts": message["_ts"], "blocks": message["blocks"]},
                                             team=self.team))
        raise AssertionError(f"no button {value or label!r} on {message['text']!r}")

    def pick_date(self, message: dict, iso: str):
        """Pick a date in a question's date picker."""
        block = next(b for b in message["blocks"] if b.get("type") == "actions")
        el = next(e for e in block["elements"] if e["type"] == "datepicker")
        action = {"type": "datepicker", "action_id": el["action_id"], "block_id": block["block_id"],
                  "selected_date": iso}
        return self.send(action_body(self.user, action, {"ts": message["_ts"], "blocks": message["blocks"]},
                                     team=self.team))

    def tick(self, message: dict, item_id: str, done: bool = True):
        """Tick (or untick) a checklist item on a checklist message."""
        block = next(b for b in message["blocks"] if str(b.get("block_id", "")).endswith(":" + item_id))
        box = block["accessory"]
        action = {"type": "checkboxes", "action_id": box["action_id"], "block_id": block["block_id"],
                  "selected_options": box["options"] if done else []}
        return self.send(action_body(self.user, action, {"ts": message["_ts"], "blocks": message["blocks"]},
                                     team=self.team))

    def answer(self, message: dict, answers: dict | None = None) -> list[dict]:
        """Answer the question in `message`: from `answers` (qid -> ("click", v) | ("type", text)) or a default."""
        qid = question_of(message)
        q = self.k.questions[qid]
        how, value = (answers or {}).get(qid) or (
            ("type", TYPED[q["type"]]) if q["type"] in TYPED else
            ("click", "true") if q["type"] == "boolean" else ("click", q["choices"][0]["value"]))
        if how == "type":
            return self.turn(lambda: self.say(value))
        if how == "date":
            return self.turn(lambda: self.pick_date(message, value))
        return self.turn(lambda: self.click(message, value))

    def run_to_result(self, answers: dict | None = None, first: list | None = None, limit: int = 120) -> list[dict]:
        """Open the conversation (unless `first` messages are given) and answer until the result; returns all messages."""
        new = first or self.turn(lambda: self.command(""))
        if (answers or {}).get("as_of"):   # the date has a default (today): set it as a person would
            new = self.turn(lambda: self.say("change the date"))
        for _ in range(limit):
            if not question_of(new[-1]):
                return self.messages()
            new = self.answer(new[-1], answers)
        raise AssertionError("no result after many questions")
