"""A driver for one Telegram person (tests and benchmarks): updates posted to the webhook, replies read
off the fake Bot API (`tests.fakes.telegram_api`)."""
from __future__ import annotations

import itertools
import random

import engine
from tests.fakes.telegram_api import callback_update, message_update

SECRET = "tg-webhook-secret-0123456789abcdefghijk"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
TYPED = {"integer": "about 42k", "date": "1 July 2019", "practices": "Riverside Surgery, A81001, 42000"}
# update ids and user ids unique across the session's shared database
_ids = itertools.count(random.randrange(10**9, 2 * 10**9) * 1000)


def new_id() -> int:
    """A fresh id for an update or a person."""
    return next(_ids)


def buttons(message: dict) -> list[dict]:
    """The inline buttons of a sent message, in order."""
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def question_of(message: dict) -> str | None:
    """The question id a sent message asks (None if it is not a question)."""
    for b in buttons(message):
        if b.get("callback_data", "").startswith("a:"):
            return b["callback_data"].split(":")[1]
    return None


def is_checklist(message: dict) -> bool:
    """Whether a sent message is a page of the checklist."""
    return message.get("text", "").startswith("<b>Setup checklist</b>")


class TelegramUser:
    """One person talking to the bot through the webhook."""

    def __init__(self, client, fake, user_id: int | None = None, chat_id: int | None = None, chat_type="private"):
        self.client, self.fake = client, fake
        self.user_id = user_id or new_id()
        self.chat_id = chat_id or self.user_id
        self.chat_type = chat_type
        self.k = engine.default_engine().knowledge

    def post(self, update: dict, secret: str | None = SECRET):
        """POST an update to the webhook (with the secret header unless `secret` is None)."""
        headers = {HEADER: secret} if secret is not None else {}
        return self.client.post("/telegram/webhook", json=update, headers=headers)

    def messages(self) -> list[dict]:
        """Messages the bot sent to this person's chat, oldest first."""
        return self.fake.sent(self.chat_id)

    def turn(self, update: dict, until=None) -> list[dict]:
        """Post an update and wait until the bot's reply is complete (`until(new)`, default: a question
        or a checklist is last); returns the new messages."""
        before = len(self.messages())
        assert self.post(update).status_code == 200

        def done(sent):
            new = sent[before:]
            if new and (until(new) if until else (question_of(new[-1]) or is_checklist(new[-1]))):
                return new
            return None
        return self.fake.wait_sent(self.chat_id, done, what=f"the reply to {update}")

    def say(self, text: str, until=None, **kw) -> list[dict]:
        """Type a message (or a /command)."""
        return self.turn(message_update(new_id(), self.user_id, text, self.chat_id, self.chat_type, **kw), until)

    def press(self, message: dict, data: str, until=None) -> list[dict]:
        """Press the button with this callback data on a sent message."""
        assert any(b["callback_data"] == data for b in buttons(message)), (data, buttons(message))
        return self.turn(callback_update(new_id(), self.user_id, data, message["message_id"], self.chat_id,
                                         self.chat_type), until)

    def answer(self, message: dict, answers: dict | None = None) -> list[dict]:
        """Answer the question in `message`: typed text or a button, from `answers` (qid -> text or data) or a default."""
        qid = question_of(message)
        q = self.k.questions[qid]
        given = (answers or {}).get(qid)
        if given is not None:
            return self.press(message, given) if given.startswith("a:") else self.say(given)
        if q["type"] in TYPED:
            return self.say(TYPED[q["type"]])
        return self.press(message, f"a:{qid}:true" if q["type"] == "boolean" else f"a:{qid}:0")

    def run_to_result(self, answers: dict | None = None, limit: int = 120) -> list[dict]:
        """/start, then answer until the result and its checklist; returns all messages."""
        new = self.say("/start")
        if (answers or {}).get("as_of"):   # the date has a default (today): set it as a person would
            new = self.say("change the date")
        for _ in range(limit):
            if not question_of(new[-1]):
                return self.messages()
            new = self.answer(new[-1], answers)
        raise AssertionError("no result after many questions")


