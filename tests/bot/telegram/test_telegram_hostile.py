"""Hostile Telegram updates: an `update_id` that is not a whole number in range is a 400 naming it
(1.5 must not pass as a repeat of update 1, nor null as "no id, always new"), an update without a
chat is ignored and logged without a traceback, and text a person typed comes back escaped for
Telegram's HTML. On SQLite and PostgreSQL (`db_url`)."""
from __future__ import annotations

import copy
import json
import logging
import time

import pytest

from tests.fakes.telegram_api import message_update
from tests.fakes.telegram_user import SECRET, new_id

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
#: update_id values as raw JSON, none of which Telegram sends.
BAD_IDS = {"string": '"7"', "nan": "NaN", "object": '{"id": 7}', "beyond-64-bits": str(2**70), "fraction": "1.5",
           "null": "null", "negative": "-5", "boolean": "true", "array": "[1]"}


def tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def raw_update(update: dict, update_id: str) -> str:
    """The update as JSON with `update_id` replaced by raw JSON text."""
    return json.dumps(dict(update, update_id="__ID__")).replace('"__ID__"', update_id)


def answered_once_more(u, fake) -> None:
    """A genuine update afterwards is answered; nothing before it was (the sentinel for "nothing sent")."""
    u.say("/help", until=lambda new: "/checklist" in new[-1]["text"])
    assert len(u.messages()) == 1, u.messages()


@pytest.mark.parametrize("kind", list(BAD_IDS))
def test_an_update_id_that_is_not_a_whole_number_in_range_is_a_400_naming_it(tg_user, fake_telegram, kind, caplog):
    u = tg_user()
    body = raw_update(message_update(1, u.user_id, "/help"), BAD_IDS[kind])
    with caplog.at_level(logging.INFO):
        for _ in range(2):          # delivered twice: refused twice, answered never
            resp = u.client.post("/telegram/webhook", data=body, headers=HEADERS)
            assert resp.status_code == 400, resp.data[:300]
            assert "update_id" in resp.get_json()["errors"]
    assert any("update_id" in r.getMessage() for r in caplog.records)      # logged
    answered_once_more(u, fake_telegram)
    assert not tracebacks(caplog)


def test_a_fraction_is_not_a_repeat_of_the_whole_update(tg_user, fake_telegram):
    u = tg_user()
    whole = new_id()
    u.say("/help", until=lambda new: "/checklist" in new[-1]["text"])
    body = raw_update(message_update(whole, u.user_id, "/status"), f"{whole}.5")
    assert u.client.post("/telegram/webhook", data=body, headers=HEADERS).status_code == 400


@pytest.mark.parametrize("missing", ["chat", "from"])
def test_an_update_without_a_chat_or_sender_is_ignored_and_logged(tg_user, fake_telegram, missing, caplog):
    u = tg_user()
    update = message_update(new_id(), u.user_id, "/help")
    hostile = copy.deepcopy(update)
    del hostile["message"][missing]
    with caplog.at_level(logging.INFO):
        assert u.post(hostile).status_code == 200       # Telegram would retry anything else
        deadline = time.monotonic() + 10
        while not any("ignored" in r.getMessage() and str(hostile["update_id"]) in r.getMessage()
                      for r in caplog.records):
            assert time.monotonic() < deadline, "the ignored update was not logged"
            time.sleep(0.02)
    assert not tracebacks(caplog)
    answered_once_more(u, fake_telegram)


@pytest.mark.parametrize("typed, shown", [("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
                                          ('<a href="https://evil.example">Log in to NHS</a>', "&lt;a href=")])
def test_text_a_person_typed_comes_back_escaped_for_telegram_html(tg_user, typed, shown):
    u = tg_user()
    u.say("/start")
    new = u.say(f"change {typed}", until=lambda new: "tell which question" in new[-1]["text"])
    assert shown in new[-1]["text"].lower()
    assert "<a href" not in new[-1]["text"] and "<b>bold" not in new[-1]["text"]

